using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;
using LlmGateway.Tests.Protocols.Validation;

namespace LlmGateway.Tests.Protocols;

public sealed class ResponseNormalizerOptionsTests
{
    [Theory]
    [InlineData("recorded/openai-responses/text")]
    [InlineData("malformed/responses/origin-litellm-fake-stream")]
    [InlineData("malformed/responses/truncated-before-completed")]
    [InlineData("recorded/openai-responses/response-failed-only")]
    public void Normalize_ResponsesDoneSentinelOn_WritesOneSentinelAfterTheTerminalEvent(string fixtureId)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = NormalizerHarness.Options(WireApi.Responses, clientStreams: true, doneSentinel: true);
        var output = NormalizerHarness.Run(options, fixture.Bytes(), []);
        NormalizerHarness.ValidateAndAccumulate(options, output, fixture.Id + " with the [DONE] sentinel on");
    }

    [Theory]
    [InlineData(WireApi.Messages, true, "text/event-stream")]
    [InlineData(WireApi.Responses, true, "text/event-stream")]
    [InlineData(WireApi.Messages, false, "application/json")]
    [InlineData(WireApi.Responses, false, "application/json")]
    [InlineData(WireApi.ChatCompletions, true, "text/event-stream")]
    [InlineData(WireApi.ChatCompletions, false, "application/json")]
    public void ContentType_ClientMode_MatchesWhatIsWritten(WireApi api, bool clientStreams, string mediaType)
    {
        var normalizer = new ResponseNormalizerFactory().Create(NormalizerHarness.Options(api, clientStreams));
        Assert.StartsWith(mediaType, normalizer.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_SynthesizedCreatedAt_ComesFromTheTimeProvider()
    {
        // No response.created upstream: created_at must come from the injected clock, not the wall clock.
        var fixture = Fixture.Get("malformed/responses/origin-litellm-fake-stream");
        var options = NormalizerHarness.Options(WireApi.Responses, clientStreams: true);
        var frames = ResponsesStreamValidator.Validate(NormalizerHarness.Run(options, fixture.Bytes(), []), NormalizerHarness.RequestedModel);
        var createdAt = frames[0].Data["response"]!["created_at"]!.GetValue<long>();
        Assert.Equal(FixedTimeProvider.Default.GetUtcNow().ToUnixTimeSeconds(), createdAt);
    }

    public static TheoryData<string> ChatClientCases()
    {
        var data = new TheoryData<string>();
        foreach (var fixture in Fixture.Streams.Concat(Fixture.Bodies))
        {
            data.Add(fixture.Id);
        }

        return data;
    }

    /// <summary>Without <c>IncludeUsage</c> a chat client gets no usage chunk (and no <c>usage</c> keys), as OpenAI streams without <c>stream_options</c>.</summary>
    [Theory]
    [MemberData(nameof(ChatClientCases))]
    public void Normalize_ChatClientWithoutIncludeUsage_WritesNoUsageChunk(string fixtureId)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = NormalizerHarness.Options(WireApi.ChatCompletions, clientStreams: true, upstreamStreams: !fixture.IsBody, upstreamApi: fixture.Api, includeUsage: false);
        var output = NormalizerHarness.Run(options, fixture.Bytes(), []);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, fixture.Id + " → chat client without include_usage");
        Assert.Null(result.Usage);
        Assert.DoesNotContain("\"usage\"", System.Text.Encoding.UTF8.GetString(output), StringComparison.Ordinal);
    }
}

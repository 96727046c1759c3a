using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;
using LlmGateway.Tests.Protocols.Validation;

namespace LlmGateway.Tests.Protocols;

/// <summary>
/// A transport failure halfway through the upstream body: the output must end in the protocol's error event
/// (Messages <c>event: error</c>; Responses <c>error</c> then <c>response.failed</c>), or an error body for a
/// non-streaming client, and still pass the strict validator (architecture.md "Errors", checklist 6.7 and 6.5).
/// </summary>
public sealed class ResponseNormalizerFailTests
{
    public static TheoryData<string, WireApi, bool> AllCases() => ResponseNormalizerFixtureTests.AllCases();

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Fail_HalfwayThroughFixture_EndsWithTheProtocolErrorEvent(string fixtureId, WireApi client, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = ResponseNormalizerFixtureTests.OptionsFor(fixture, client, clientStreams);
        var input = fixture.Bytes();
        var terminatedBefore = false;
        var output = NormalizerHarness.Run(options, input[..(input.Length / 2)], [], (normalizer, writer) =>
        {
            terminatedBefore = normalizer.IsTerminated;
            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, "Connection reset by peer."), writer);
            Assert.True(normalizer.IsTerminated);
        });

        var context = $"{ResponseNormalizerFixtureTests.Context(fixture, client, clientStreams)} cut at {input.Length / 2} bytes then Fail";
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, context);
        if (terminatedBefore)
        {
            return; // the first half already held a terminal event (an upstream error); Fail must add nothing, and the output is valid
        }

        Assert.True(result.Error, $"{context}: the output does not end in an error");
        if (clientStreams && client == WireApi.ChatCompletions)
        {
            var chunks = ChatStreamValidator.Read(output, out var doneAt);
            Assert.True(chunks[^1].ContainsKey("error"), $"{context}: the last chunk is not an error chunk");
            Assert.Equal(-1, doneAt);
        }
        else if (clientStreams)
        {
            var frames = StrictSseReader.Read(output, out _);
            if (options.ClientApi == WireApi.Messages)
            {
                Assert.Equal("error", frames[^1].Event);
            }
            else
            {
                Assert.Equal(["error", "response.failed"], frames.TakeLast(2).Select(f => f.Event));
            }
        }
    }

    [Theory]
    [InlineData(WireApi.Messages, true)]
    [InlineData(WireApi.Messages, false)]
    [InlineData(WireApi.Responses, true)]
    [InlineData(WireApi.Responses, false)]
    [InlineData(WireApi.ChatCompletions, true)]
    [InlineData(WireApi.ChatCompletions, false)]
    public void Fail_BeforeAnyByte_WritesOnlyAValidError(WireApi api, bool clientStreams)
    {
        var options = NormalizerHarness.Options(api, clientStreams);
        var output = NormalizerHarness.Run(options, [], [], (normalizer, writer) =>
            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Timeout, "No data within 30 s."), writer));
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, $"{api} Fail before any byte");
        Assert.True(result.Error);
    }

    /// <summary>An upstream that closes without sending a byte (stream or body) must not look like a complete answer.</summary>
    [Theory]
    [InlineData(WireApi.Messages, true, true)]
    [InlineData(WireApi.Messages, false, true)]
    [InlineData(WireApi.Messages, true, false)]
    [InlineData(WireApi.Messages, false, false)]
    [InlineData(WireApi.Responses, true, true)]
    [InlineData(WireApi.Responses, false, true)]
    [InlineData(WireApi.Responses, true, false)]
    [InlineData(WireApi.Responses, false, false)]
    [InlineData(WireApi.ChatCompletions, true, true)]
    [InlineData(WireApi.ChatCompletions, false, true)]
    [InlineData(WireApi.ChatCompletions, true, false)]
    [InlineData(WireApi.ChatCompletions, false, false)]
    public void Complete_EmptyUpstream_WritesOnlyAValidError(WireApi api, bool clientStreams, bool upstreamStreams)
    {
        var options = NormalizerHarness.Options(api, clientStreams, upstreamStreams);
        var output = NormalizerHarness.Run(options, [], []);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, $"{api} empty upstream");
        Assert.True(result.Error);
    }

    [Theory]
    [InlineData("recorded/anthropic/text", true)]
    [InlineData("recorded/anthropic/text", false)]
    [InlineData("recorded/openai-responses/text", true)]
    [InlineData("recorded/openai-responses/text", false)]
    [InlineData("malformed/chat/well-formed-text", true)]
    [InlineData("malformed/chat/well-formed-text", false)]
    public void Fail_AfterCompletion_WritesNothing(string fixtureId, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = ResponseNormalizerFixtureTests.OptionsFor(fixture, fixture.Api, clientStreams);
        var complete = NormalizerHarness.Run(options, fixture.Bytes(), []);
        var failed = NormalizerHarness.Run(options, fixture.Bytes(), [], (normalizer, writer) =>
        {
            normalizer.Complete(writer);
            normalizer.Fail(new UpstreamFailure(UpstreamFailureKind.Transport, "late reset"), writer);
        });
        Assert.Equal(NormalizerHarness.CanonicalizeIds(complete), NormalizerHarness.CanonicalizeIds(failed));
    }

    [Theory]
    [InlineData("recorded/anthropic/text", true)]
    [InlineData("recorded/openai-responses/text", true)]
    [InlineData("recorded/anthropic/text", false)]
    [InlineData("recorded/openai-responses/text", false)]
    [InlineData("malformed/chat/well-formed-text", true)]
    [InlineData("malformed/chat/well-formed-text", false)]
    public void Write_AfterTerminalEvent_IsIgnored(string fixtureId, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = ResponseNormalizerFixtureTests.OptionsFor(fixture, fixture.Api, clientStreams);
        var once = NormalizerHarness.Run(options, fixture.Bytes(), []);
        var twice = NormalizerHarness.Run(options, [.. fixture.Bytes(), .. fixture.Bytes()], []);
        Assert.Equal(NormalizerHarness.CanonicalizeIds(once), NormalizerHarness.CanonicalizeIds(twice));
    }
}

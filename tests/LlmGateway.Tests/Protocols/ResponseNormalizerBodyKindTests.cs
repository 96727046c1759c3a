using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;
using LlmGateway.Tests.Protocols.Validation;

namespace LlmGateway.Tests.Protocols;

/// <summary>Servers mislabel their bodies (SSE sent as application/json and the reverse): the first byte decides.</summary>
public sealed class ResponseNormalizerBodyKindTests
{
    [Theory]
    [InlineData("recorded/anthropic/text", WireApi.Messages)]
    [InlineData("recorded/openai-responses/gpt-5.1-tool-call", WireApi.Responses)]
    [InlineData("malformed/chat/well-formed-reasoning-tool-call", WireApi.ChatCompletions)]
    public void Normalize_SseLabelledAsJson_IsReadAsAStream(string fixtureId, WireApi api)
    {
        var fixture = Fixture.Get(fixtureId);
        foreach (var clientStreams in new[] { true, false })
        {
            var options = NormalizerHarness.Options(api, clientStreams, upstreamStreams: false);
            var output = NormalizerHarness.Run(options, fixture.Bytes(), [], out var report);
            var result = NormalizerHarness.ValidateAndAccumulate(options, output, fixture.Id + " labelled as JSON");
            ExpectedResult.Load(fixture.ExpectedPath).AssertMatches(result, clientStreams, api, api, fixture.Id);
            Assert.Equal(0, report.Count(RepairKind.BodyForStream));
        }
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public void Normalize_JsonLabelledAsSse_IsReadAsABody(string fixtureId)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = NormalizerHarness.Options(fixture.Api, clientStreams: true, upstreamStreams: true);
        var output = NormalizerHarness.Run(options, fixture.Bytes(), [1, 2, 3], out var report);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, fixture.Id + " labelled as SSE");
        ExpectedResult.Load(fixture.ExpectedPath).AssertMatches(result, clientStreams: true, fixture.Api, fixture.Api, fixture.Id);
        Assert.Equal(1, report.Count(RepairKind.BodyForStream));
    }

    public static TheoryData<string> Bodies()
    {
        var data = new TheoryData<string>();
        foreach (var fixture in Fixture.Bodies.Where(f => f.Bytes().AsSpan().TrimStart(" \r\n\t"u8).StartsWith("{"u8)))
        {
            data.Add(fixture.Id);
        }

        return data;
    }
}

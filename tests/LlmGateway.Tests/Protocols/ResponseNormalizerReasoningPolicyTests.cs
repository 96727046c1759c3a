using System.Text;
using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;
using LlmGateway.Tests.Protocols.Validation;

namespace LlmGateway.Tests.Protocols;

/// <summary>Group option <c>ReasoningAs: "text"</c>: Responses clients get raw <c>reasoning_text</c> parts instead of summary parts.</summary>
public sealed class ResponseNormalizerReasoningPolicyTests
{
    [Theory]
    [InlineData("recorded/openai-responses/copilot-id-rotation", true)]
    [InlineData("recorded/openai-responses/copilot-id-rotation", false)]
    [InlineData("malformed/responses/multiple-summary-parts", true)]
    [InlineData("recorded/anthropic/reasoning-summarized", true)]
    public void Normalize_ReasoningAsText_EmitsRawReasoningTextParts(string fixtureId, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = new NormalizerOptions
        {
            ClientApi = WireApi.Responses,
            UpstreamApi = fixture.Api,
            ClientStreams = clientStreams,
            UpstreamStreams = true,
            RequestedModel = NormalizerHarness.RequestedModel,
            ReasoningAsText = true,
            TimeProvider = FixedTimeProvider.Default,
        };

        var output = NormalizerHarness.Run(options, fixture.Bytes(), []);
        var text = Encoding.UTF8.GetString(output);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, fixture.Id + " with reasoning as text");

        Assert.Contains("\"type\":\"reasoning_text\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("summary_text", text, StringComparison.Ordinal);
        if (clientStreams)
        {
            Assert.Contains("event: response.reasoning_text.delta", text, StringComparison.Ordinal);
            Assert.DoesNotContain("reasoning_summary", text, StringComparison.Ordinal);
        }

        var expected = ExpectedResult.Load(fixture.ExpectedPath);
        Assert.False(string.IsNullOrEmpty(result.Thinking));
        Assert.DoesNotContain(expected.Compare(result, clientStreams), p => p.StartsWith("text", StringComparison.Ordinal));
    }
}

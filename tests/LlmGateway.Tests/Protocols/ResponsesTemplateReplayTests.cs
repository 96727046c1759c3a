using System.Text;
using System.Text.RegularExpressions;
using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;

namespace LlmGateway.Tests.Protocols;

/// <summary>
/// The Responses decoder reads a delta that repeats the one before it by comparison, and replays a text or refusal
/// delta of the open part without dispatching it. Whatever it reads that way must come out as the full read gives it.
/// </summary>
public sealed class ResponsesTemplateReplayTests
{
    /// <summary>
    /// Deltas that repeat the one before with other text, sequence numbers and pads, among deltas that differ in what
    /// matters: another item id, null logprobs, a refusal, reasoning, tool arguments, a skipped or repeated sequence
    /// number, an invalid escape, a pad of another kind.
    /// </summary>
    private static readonly string[] Events =
    [
        """{"type":"response.created","sequence_number":0,"response":{"id":"resp_1","object":"response","created_at":1760000000,"status":"in_progress","model":"m","output":[],"temperature":0.5}}""",
        """{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}""",
        """{"type":"response.content_part.added","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}""",
        """{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hel","logprobs":[],"obfuscation":"ab"}""",
        """{"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"lo \"x\" \u00e9","logprobs":[],"obfuscation":"abc"}""",
        """{"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" skipped","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":7,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" again","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":8,"item_id":"msg_X","output_index":0,"content_index":0,"delta":" other id","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":9,"item_id":"msg_X","output_index":0,"content_index":0,"delta":" other id again","logprobs":[],"obfuscation":"ab"}""",
        """{"type":"response.output_text.delta","sequence_number":10,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" null","logprobs":null,"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":11,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" null again","logprobs":null,"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":12,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" pad","logprobs":[],"obfuscation":1}""",
        """{"type":"response.output_text.delta","sequence_number":13,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" bad \q","logprobs":[],"obfuscation":1}""",
        """{"type":"response.output_text.delta","sequence_number":14,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" fine","logprobs":[],"obfuscation":1}""",
        """{"type":"response.output_text.delta","sequence_number":15,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" fine","logprobs":[],"obfuscation":2}""",
        """{"type":"response.refusal.delta","sequence_number":16,"item_id":"msg_1","output_index":0,"content_index":1,"delta":"No","obfuscation":"a"}""",
        """{"type":"response.refusal.delta","sequence_number":17,"item_id":"msg_1","output_index":0,"content_index":1,"delta":", thanks","obfuscation":"abc"}""",
        """{"type":"response.output_text.delta","sequence_number":18,"item_id":"msg_1","output_index":0,"content_index":2,"delta":"text","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":19,"item_id":"msg_1","output_index":0,"content_index":2,"delta":" more","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.reasoning_summary_text.delta","sequence_number":20,"item_id":"rs_1","output_index":1,"summary_index":0,"delta":"think","obfuscation":"a"}""",
        """{"type":"response.reasoning_summary_text.delta","sequence_number":21,"item_id":"rs_1","output_index":1,"summary_index":0,"delta":" hard","obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":22,"item_id":"msg_2","output_index":2,"content_index":0,"delta":"after","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":23,"item_id":"msg_2","output_index":2,"content_index":0,"delta":" reasoning","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_item.added","sequence_number":24,"output_index":3,"item":{"id":"fc_1","type":"function_call","call_id":"call_1","name":"f","arguments":""}}""",
        """{"type":"response.function_call_arguments.delta","sequence_number":25,"item_id":"fc_1","output_index":3,"delta":"{\"a\":","obfuscation":"a"}""",
        """{"type":"response.function_call_arguments.delta","sequence_number":26,"item_id":"fc_1","output_index":3,"delta":"1}","obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":27,"item_id":"msg_3","output_index":4,"content_index":0,"delta":"late","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.output_text.delta","sequence_number":28,"item_id":"msg_3","output_index":4,"content_index":0,"delta":" text","logprobs":[],"obfuscation":"a"}""",
        """{"type":"response.completed","sequence_number":29,"response":{"id":"resp_1","object":"response","created_at":1760000000,"status":"completed","model":"m","output":[],"usage":{"input_tokens":3,"output_tokens":9,"total_tokens":12}}}""",
    ];

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string> { "templated run" };
        foreach (var fixture in Fixture.Streams.Where(f => f.Api == WireApi.Responses))
        {
            data.Add(fixture.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normalize_DeltasReadByComparison_GiveWhatTheFullReadGives(string id)
    {
        var input = id == "templated run"
            ? Encoding.UTF8.GetBytes(string.Concat(Events.Select(e => $"event: {Regex.Match(e, "\"type\":\"([^\"]+)\"").Groups[1].Value}\ndata: {e}\n\n")))
            : Fixture.Get(id).Bytes();

        // An escaped name the flat pass declines puts every event on the full reader, which records no template.
        var forced = Encoding.UTF8.GetBytes(Regex.Replace(Encoding.UTF8.GetString(input), @"^(data: ?\{)(?!\s*\})", "$1\"\\u0078\":0,", RegexOptions.Multiline));
        Assert.NotEqual(input, forced);
        foreach (var client in new[] { WireApi.Responses, WireApi.Messages, WireApi.ChatCompletions })
        {
            var options = NormalizerHarness.Options(client, clientStreams: true, upstreamApi: WireApi.Responses);
            var fast = NormalizerHarness.CanonicalizeIds(NormalizerHarness.Run(options, input, [], out var fastReport));
            // Events the same-API encoder passes through (web search calls) keep the inserted field.
            var full = NormalizerHarness.CanonicalizeIds(NormalizerHarness.Run(options, forced, [], out var fullReport)).Replace(",\"x\":0", string.Empty, StringComparison.Ordinal);
            Assert.True(fast == full, $"{id} → {client}:\n{fast}\n---\n{full}");
            Assert.Equal(fullReport.Describe(), fastReport.Describe());
        }
    }
}

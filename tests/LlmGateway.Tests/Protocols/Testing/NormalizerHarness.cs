using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Validation;

namespace LlmGateway.Tests.Protocols.Testing;

/// <summary>Runs the normalizer over fixtures in a chosen chunking and checks its output with the strict validators.</summary>
public static partial class NormalizerHarness
{
    /// <summary>The model group the client asked for; every output must echo it.</summary>
    public const string RequestedModel = "gateway-test-model";

    private static readonly ResponseNormalizerFactory Factory = new();

    /// <summary>Options for a client of <paramref name="api"/>; the upstream speaks <paramref name="upstreamApi"/> (default: the same API).</summary>
    /// <param name="includeUsage">Chat clients' usage chunk; default on, so streamed chat results carry usage like the other APIs.</param>
    public static NormalizerOptions Options(WireApi api, bool clientStreams, bool upstreamStreams = true, bool doneSentinel = false, WireApi? upstreamApi = null, bool includeUsage = true) => new()
    {
        ClientApi = api,
        UpstreamApi = upstreamApi ?? api,
        ClientStreams = clientStreams,
        UpstreamStreams = upstreamStreams,
        RequestedModel = RequestedModel,
        ResponsesDoneSentinel = doneSentinel,
        IncludeUsage = includeUsage,
        TimeProvider = FixedTimeProvider.Default,
    };

    /// <summary>Feeds <paramref name="input"/> in pieces of the given sizes (the last piece takes the rest), then ends the upstream.</summary>
    public static byte[] Run(NormalizerOptions options, byte[] input, IEnumerable<int> sizes, Action<IResponseNormalizer, ArrayBufferWriter<byte>>? end = null) =>
        Run(options, input, sizes, out _, end);

    /// <summary>Runs like <see cref="Run(NormalizerOptions, byte[], IEnumerable{int}, Action{IResponseNormalizer, ArrayBufferWriter{byte}}?)"/> and hands back the normalizer's report.</summary>
    public static byte[] Run(NormalizerOptions options, byte[] input, IEnumerable<int> sizes, out NormalizationReport report, Action<IResponseNormalizer, ArrayBufferWriter<byte>>? end = null)
    {
        var normalizer = Factory.Create(options);
        report = normalizer.Report;
        try
        {
            var output = new ArrayBufferWriter<byte>();
            var offset = 0;
            using var e = sizes.GetEnumerator();
            while (offset < input.Length)
            {
                var size = e.MoveNext() ? Math.Max(1, e.Current) : input.Length - offset;
                size = Math.Min(size, input.Length - offset);
                normalizer.Write(input.AsSpan(offset, size), output);
                offset += size;
            }

            if (end is null)
            {
                normalizer.Complete(output);
            }
            else
            {
                end(normalizer, output);
            }

            return output.WrittenSpan.ToArray();
        }
        finally
        {
            (normalizer as IDisposable)?.Dispose();
        }
    }

    /// <summary>Runs with a fixed chunk size.</summary>
    public static byte[] RunChunked(NormalizerOptions options, byte[] input, int chunkSize) => Run(options, input, Repeat(chunkSize));

    /// <summary>Random piece sizes between 1 and <paramref name="max"/>.</summary>
    public static IEnumerable<int> RandomSizes(Random random, int max)
    {
        while (true)
        {
            yield return random.Next(1, max + 1);
        }
    }

    /// <summary>
    /// The output with the normalizer's synthesized ids (random per run) replaced by placeholders numbered by first
    /// appearance, so outputs of different runs compare byte for byte.
    /// </summary>
    public static string CanonicalizeIds(byte[] output)
    {
        var text = Encoding.UTF8.GetString(output);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        return SynthesizedId().Replace(text, m =>
        {
            if (!map.TryGetValue(m.Value, out var placeholder))
            {
                placeholder = $"{m.Groups[1].Value}<id{map.Count}>";
                map.Add(m.Value, placeholder);
            }

            return placeholder;
        });
    }

    /// <summary>Validates an output with the strict validator of its API and mode, and accumulates the client's result.</summary>
    public static AccumulatedResult ValidateAndAccumulate(NormalizerOptions options, byte[] output, string context)
    {
        try
        {
            if (options.ClientApi == WireApi.ChatCompletions)
            {
                return options.ClientStreams
                    ? ChatAccumulator.FromStream(ChatStreamValidator.Validate(output, RequestedModel, options.IncludeUsage))
                    : ChatAccumulator.FromBody(ChatBodyValidator.Validate(output, RequestedModel));
            }

            if (options.ClientApi == WireApi.Messages)
            {
                return options.ClientStreams
                    ? MessagesAccumulator.FromStream(MessagesStreamValidator.Validate(output, RequestedModel))
                    : MessagesAccumulator.FromBody(MessagesBodyValidator.Validate(output, RequestedModel));
            }

            return options.ClientStreams
                ? ResponsesAccumulator.FromStream(ResponsesStreamValidator.Validate(output, RequestedModel, options.ResponsesDoneSentinel))
                : ResponsesAccumulator.FromBody(ResponsesBodyValidator.Validate(output, RequestedModel));
        }
        catch (ProtocolViolationException e)
        {
            throw new ProtocolViolationException($"{context}: {e.Message}\n--- output ---\n{Truncate(Encoding.UTF8.GetString(output), 6000)}", e);
        }
    }

    /// <summary>Accumulates an output without judging it (for checks that should not fail again on a protocol violation reported elsewhere).</summary>
    public static AccumulatedResult Accumulate(NormalizerOptions options, byte[] output)
    {
        if (!options.ClientStreams)
        {
            var body = System.Text.Json.Nodes.JsonNode.Parse(output)!.AsObject();
            return options.ClientApi switch
            {
                WireApi.Messages => MessagesAccumulator.FromBody(body),
                WireApi.Responses => ResponsesAccumulator.FromBody(body),
                _ => ChatAccumulator.FromBody(body),
            };
        }

        if (options.ClientApi == WireApi.ChatCompletions)
        {
            return ChatAccumulator.FromStream(ChatStreamValidator.Read(output, out _));
        }

        var frames = StrictSseReader.Read(output, out _);
        return options.ClientApi == WireApi.Messages ? MessagesAccumulator.FromStream(frames) : ResponsesAccumulator.FromStream(frames);
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + $"\n… ({text.Length - max} more characters)";

    private static IEnumerable<int> Repeat(int size)
    {
        while (true)
        {
            yield return size;
        }
    }

    [GeneratedRegex(@"\b(msg_|resp_|rs_|fc_|toolu_|call_|item_|chatcmpl-)[0-9A-Za-z]{24}\b")]
    private static partial Regex SynthesizedId();
}

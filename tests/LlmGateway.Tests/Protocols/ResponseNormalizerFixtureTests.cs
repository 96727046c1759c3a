using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Protocols;
using LlmGateway.Tests.Protocols.Testing;
using LlmGateway.Tests.Protocols.Validation;

namespace LlmGateway.Tests.Protocols;

/// <summary>
/// Every fixture (recorded, malformed, whole bodies) through the normalizer, for a streaming and a non-streaming
/// client of each API in <see cref="Fixture.Clients"/> (its own API and Chat Completions; chat fixtures go to all
/// three): the output passes the strict validator, the client's accumulated result matches <c>NAME.expected.json</c>,
/// and the output is byte-identical (up to synthesized ids) whatever the chunking.
/// </summary>
public sealed class ResponseNormalizerFixtureTests
{
    /// <summary>Every fixture is fed at every chunk size from 1 byte to whole through its own API (the largest, 64 KB, costs a few seconds); the limit stays as a knob.</summary>
    private const int ExhaustiveLimit = int.MaxValue;

    public static TheoryData<string, WireApi, bool> AllCases()
    {
        var data = new TheoryData<string, WireApi, bool>();
        foreach (var fixture in Fixture.Streams.Concat(Fixture.Bodies))
        {
            foreach (var client in fixture.Clients)
            {
                data.Add(fixture.Id, client, true);
                data.Add(fixture.Id, client, false);
            }
        }

        return data;
    }

    public static TheoryData<string, bool> RecordedCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var fixture in Fixture.Streams.Where(f => f.Id.StartsWith("recorded/", StringComparison.Ordinal)))
        {
            data.Add(fixture.Id, true);
            data.Add(fixture.Id, false);
        }

        return data;
    }

    [Fact]
    public void Fixtures_Corpus_IsCompleteAndLarge()
    {
        var malformed = Fixture.Streams.Count(f => f.Id.StartsWith("malformed/", StringComparison.Ordinal));
        Assert.True(malformed >= 30, $"only {malformed} malformed fixtures");
        Assert.Equal(11, Fixture.Streams.Count(f => f.Id.StartsWith("recorded/", StringComparison.Ordinal)));
        var chat = Fixture.Streams.Count(f => f.Id.StartsWith("malformed/chat/", StringComparison.Ordinal));
        Assert.True(chat >= 18, $"only {chat} malformed chat fixtures");
        foreach (var fixture in Fixture.Streams.Concat(Fixture.Bodies))
        {
            Assert.True(File.Exists(fixture.ExpectedPath), $"{fixture.Id} has no expected file");
        }
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Normalize_Fixture_OutputIsValidAndMatchesExpected(string fixtureId, WireApi client, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = OptionsFor(fixture, client, clientStreams);
        var output = NormalizerHarness.Run(options, fixture.Bytes(), []);
        var context = Context(fixture, client, clientStreams);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, context);
        ExpectedResult.Load(fixture.ExpectedPath).AssertMatches(result, clientStreams, client, fixture.Api, context);
    }

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Normalize_AnyChunking_OutputIsByteIdentical(string fixtureId, WireApi client, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = OptionsFor(fixture, client, clientStreams);
        var input = fixture.Bytes();
        var baseline = NormalizerHarness.Run(options, input, []);
        var canonicalBaseline = NormalizerHarness.CanonicalizeIds(baseline);

        var runs = new List<(string Name, int[] Sizes)>();
        // Chunking is the decoder's concern: every chunk size through the fixture's own API as client, a sample of
        // sizes through the other client APIs (the same decoder, another encoder), to keep the suite quick.
        var exhaustive = input.Length <= ExhaustiveLimit && client == fixture.Api;
        var maxSize = exhaustive ? input.Length : Math.Min(input.Length, 64);
        for (var size = 1; size <= maxSize; size++)
        {
            runs.Add(($"chunk size {size}", [size]));
        }

        var random = new Random(20260102);
        var randomRuns = exhaustive ? 8 : 50;
        int[] limits = [3, 17, 64, 512, 4096];
        for (var run = 0; run < randomRuns; run++)
        {
            var sizes = NormalizerHarness.RandomSizes(random, limits[run % limits.Length]).Take(input.Length).ToArray();
            runs.Add(($"random chunking #{run} (sizes {string.Join(',', sizes.Take(20))}…)", sizes));
        }

        // Independent normalizers: spread the runs over the cores.
        var failures = new System.Collections.Concurrent.ConcurrentBag<(int Run, string Message)>();
        Parallel.For(0, runs.Count, i =>
        {
            var (name, sizes) = runs[i];
            var output = sizes.Length == 1 ? NormalizerHarness.RunChunked(options, input, sizes[0]) : NormalizerHarness.Run(options, input, sizes);
            if (output.AsSpan().SequenceEqual(baseline))
            {
                return;
            }

            var problem = Difference(canonicalBaseline, NormalizerHarness.CanonicalizeIds(output), $"{Context(fixture, client, clientStreams)}: {name}");
            if (problem is not null)
            {
                failures.Add((i, problem));
            }
        });

        if (!failures.IsEmpty)
        {
            var first = failures.OrderBy(f => f.Run).First();
            throw new ProtocolViolationException($"{first.Message}\n({failures.Count} of {runs.Count} chunkings differ)");
        }
    }

    /// <summary>
    /// The report describes what was written (stop reason or status, output tokens, error) and counts the repairs the
    /// fixture's defect calls for, by the meaning RepairKind documents; clean streams report no repair.
    /// </summary>
    [Theory]
    [MemberData(nameof(AllCases))]
    public void Normalize_Fixture_ReportMatchesOutputAndDefect(string fixtureId, WireApi client, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = OptionsFor(fixture, client, clientStreams);
        var output = NormalizerHarness.Run(options, fixture.Bytes(), [], out var report);
        var context = Context(fixture, client, clientStreams);
        var result = NormalizerHarness.Accumulate(options, output); // validity is Normalize_Fixture_OutputIsValidAndMatchesExpected's job
        var problems = new List<string>();
        if (result.Error != (report.Error is not null))
        {
            problems.Add($"Report.Error is {(report.Error is null ? "null" : $"\"{report.Error}\"")} but the output {(result.Error ? "ends in an error" : "has no error")}");
        }

        if (!result.Error && report.StopReason != result.Stop)
        {
            problems.Add($"Report.StopReason is {report.StopReason ?? "null"} but the output says {result.Stop ?? "null"}");
        }

        if (!result.Error && report.OutputTokens != result.OutputTokens)
        {
            problems.Add($"Report.OutputTokens is {report.OutputTokens} but the output says {result.OutputTokens}");
        }

        var expected = ExpectedResult.Load(fixture.ExpectedPath).RepairsFor(client);
        if (expected is not null && !fixture.IsBody)
        {
            var missing = expected.Where(k => report.Count(Enum.Parse<RepairKind>(k)) == 0).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"repairs not counted: {string.Join(", ", missing)} (report: '{report.Describe()}')");
            }

            if (expected.Count == 0 && report.TotalRepairs > 0)
            {
                problems.Add($"a well-formed stream reported repairs: '{report.Describe()}'");
            }
        }

        if (problems.Count > 0)
        {
            throw new ProtocolViolationException($"{context}: report mismatch:\n  - {string.Join("\n  - ", problems)}");
        }
    }

    /// <summary>
    /// Recorded real streams pass through intact: for Messages every final content block (text with its citations,
    /// thinking with its signature, tool_use with id and input, server tool use and its results) equals the
    /// upstream's; for Responses every hosted-tool item equals the upstream's <c>output_item.done</c> item.
    /// </summary>
    [Theory]
    [MemberData(nameof(RecordedCases))]
    public void Normalize_RecordedFixture_BlocksPassThroughIntact(string fixtureId, bool clientStreams)
    {
        var fixture = Fixture.Get(fixtureId);
        var options = OptionsFor(fixture, fixture.Api, clientStreams);
        var input = fixture.Bytes();
        var output = NormalizerHarness.Run(options, input, []);
        var result = NormalizerHarness.ValidateAndAccumulate(options, output, fixture.Id);
        var upstream = fixture.Api == WireApi.Messages
            ? MessagesAccumulator.FromStream(ReadUpstreamFrames(input))
            : ResponsesAccumulator.FromStream(ReadUpstreamFrames(input));

        if (upstream.Error)
        {
            Assert.True(result.Error);
            return;
        }

        var compared = fixture.Api == WireApi.Messages
            ? (Upstream: upstream.FinalBlocks, Output: result.FinalBlocks)
            : (Upstream: upstream.FinalBlocks.Where(IsHostedItem).ToList(), Output: result.FinalBlocks.Where(IsHostedItem).ToList());
        Assert.Equal(compared.Upstream.Count, compared.Output.Count);
        for (var i = 0; i < compared.Upstream.Count; i++)
        {
            Assert.True(
                JsonNode.DeepEquals(compared.Upstream[i], compared.Output[i]),
                $"{fixture.Id} block {i} changed:\nupstream: {compared.Upstream[i].ToJsonString()}\noutput:   {compared.Output[i].ToJsonString()}");
        }
    }

    internal static NormalizerOptions OptionsFor(Fixture fixture, WireApi client, bool clientStreams) =>
        NormalizerHarness.Options(client, clientStreams, upstreamStreams: !fixture.IsBody, upstreamApi: fixture.Api);

    internal static string Context(Fixture fixture, WireApi client, bool clientStreams) =>
        $"{fixture.Id} → {client} ({(clientStreams ? "streaming" : "non-streaming")} client)";

    private static bool IsHostedItem(JsonObject item) =>
        JsonAssert.TryString(item["type"]) is not ("message" or "reasoning" or "function_call");

    /// <summary>The recorded fixtures are well-formed SSE; read their frames with the strict reader.</summary>
    private static List<SseOutputFrame> ReadUpstreamFrames(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        return StrictSseReader.Read(Encoding.UTF8.GetBytes(text), out _);
    }

    private static string? Difference(string expected, string actual, string context)
    {
        if (expected == actual)
        {
            return null;
        }

        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 200);
        return $"{context}: output differs from the single-write output at character {at}.\n"
            + $"single write: …{Slice(expected, from, at)}\n"
            + $"this chunking: …{Slice(actual, from, at)}";
    }

    private static string Slice(string s, int from, int at) =>
        s[from..Math.Min(s.Length, at + 200)].Replace("\n", "\\n", StringComparison.Ordinal);
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using LlmGateway.Benchmarks;
using LlmGateway.Protocols;

// `write-streams DIR` writes the canned upstream bodies the load benchmark serves; `cpu` measures every case by thread
// CPU time (about a minute, robust on a busy machine); anything else goes to BenchmarkDotNet
// (`--filter '*' --job short --inProcess` for a quick run).
if (args is ["write-streams", var directory])
{
    Directory.CreateDirectory(directory);
    foreach (var api in new[] { WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions })
    {
        var path = Path.Combine(directory, WireApiNames.ToName(api) + ".sse");
        File.WriteAllBytes(path, StreamCorpus.Body(api));
        Console.WriteLine($"{path}: {StreamCorpus.Frames(api).Count} events");
    }

    return 0;
}

// The generated host project rebuilds the gateway; on a busy 2-core machine that can take longer than the default 2 minutes.
if (args is ["cpu", .. var pairs])
{
    // Optional filters, e.g. `cpu responses chat-completions`: only cases whose upstream (then client) API is named.
    var filter = new List<WireApi>();
    foreach (var name in pairs)
    {
        filter.Add(WireApiNames.TryParse(name, out var api) ? api.Value : throw new ArgumentException($"Unknown API '{name}'."));
    }

    new CpuTimeRunner(Console.Out).Run(filter);
    return 0;
}

// `trickle`: allocation per event of the normalizing stream with one upstream event per read (a model writing as it
// generates), filtered like `cpu`.
if (args is ["trickle", .. var trickled])
{
    var filter = new List<WireApi>();
    foreach (var name in trickled)
    {
        filter.Add(WireApiNames.TryParse(name, out var api) ? api.Value : throw new ArgumentException($"Unknown API '{name}'."));
    }

    await new TrickleRunner(Console.Out).RunAsync(filter);
    return 0;
}

var config = DefaultConfig.Instance
    .AddColumn(StatisticColumn.OperationsPerSecond)
    .WithBuildTimeout(TimeSpan.FromMinutes(10))
    .WithOptions(ConfigOptions.JoinSummary);
BenchmarkSwitcher.FromAssembly(typeof(NormalizerBenchmarks).Assembly).Run(args, config);
return 0;

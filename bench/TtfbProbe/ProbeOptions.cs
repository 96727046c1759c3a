using System.Globalization;

namespace TtfbProbe;

/// <summary>Command line of the probe: <c>--url U --body FILE [--connections 32] [--rate 320] [--duration 10] [--warmup 2]</c>.</summary>
internal sealed class ProbeOptions
{
    public required Uri Url { get; init; }

    public required byte[] Body { get; init; }

    public int Connections { get; init; } = 32;

    /// <summary>Requests per second over all connections; 0 sends back to back.</summary>
    public double Rate { get; init; } = 320;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Samples of the first seconds are dropped (JIT, connection set-up).</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public static ProbeOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.");
        double Number(string name, double fallback) =>
            values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

        return new ProbeOptions
        {
            Url = new Uri(Required("url")),
            Body = File.ReadAllBytes(Required("body")),
            Connections = (int)Number("connections", 32),
            Rate = Number("rate", 320),
            Duration = TimeSpan.FromSeconds(Number("duration", 10)),
            Warmup = TimeSpan.FromSeconds(Number("warmup", 2)),
        };
    }
}

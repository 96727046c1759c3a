using System.Globalization;
using System.Net;
using System.Text;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>One sample of a scrape: <c>name{label="value",…} value</c>.</summary>
public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>A parsed <c>GET /metrics</c> answer (Prometheus text format 0.0.4): samples and the <c># TYPE</c> of each metric family.</summary>
public sealed class PrometheusScrape
{
    private readonly Dictionary<string, string> _types;

    private PrometheusScrape(string text, IReadOnlyList<PrometheusSample> samples, Dictionary<string, string> types)
    {
        Text = text;
        Samples = samples;
        _types = types;
    }

    public string Text { get; }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public static async Task<PrometheusScrape> ReadAsync(string gatewayUrl)
    {
        var response = await Api.GetAsync(gatewayUrl + "/metrics");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        if (response.Body.Length > 0)
        {
            // The exporter answers an empty body, without a content type, until something was recorded.
            Assert.StartsWith("text/plain", response.Header("content-type"), StringComparison.Ordinal);
        }

        return Parse(response.Body);
    }

    /// <summary>
    /// Scrapes until <paramref name="ready"/> holds (at most 5 s) and returns the last scrape. Requests are recorded as
    /// the server finishes them, which can be just after the client has read the whole response.
    /// </summary>
    public static async Task<PrometheusScrape> WaitForAsync(string gatewayUrl, Func<PrometheusScrape, bool> ready)
    {
        var scrape = await ReadAsync(gatewayUrl);
        for (var attempt = 0; attempt < 100 && !ready(scrape); attempt++)
        {
            await Task.Delay(50);
            scrape = await ReadAsync(gatewayUrl);
        }

        return scrape;
    }

    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                samples.Add(ParseSample(line));
            }
        }

        return new PrometheusScrape(text, samples, types);
    }

    /// <summary>The <c># TYPE</c> of a metric family (<c>counter</c>, <c>gauge</c>, <c>histogram</c>), or null.</summary>
    public string? TypeOf(string family) => _types.GetValueOrDefault(family);

    /// <summary>The value of the sample whose labels are exactly <paramref name="labels"/>, or null when there is none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        var matches = Samples.Where(sample => sample.Name == name
            && sample.Labels.Count == labels.Length
            && labels.All(label => sample.Labels.TryGetValue(label.Label, out var value) && value == label.Value)).ToList();
        return matches.Count == 0 ? null : Assert.Single(matches).Value;
    }

    /// <summary>The samples of <paramref name="name"/>, with whatever labels.</summary>
    public IEnumerable<PrometheusSample> Series(string name) => Samples.Where(sample => sample.Name == name);

    /// <summary>The sum of every sample of <paramref name="name"/>.</summary>
    public double Total(string name) => Series(name).Sum(sample => sample.Value);

    private static PrometheusSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var equals = line.IndexOf('=', i);
                var label = line[i..equals];
                i = equals + 2; // past ="
                var value = new StringBuilder();
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] == 'n' ? '\n' : line[i]);
                    }
                    else
                    {
                        value.Append(line[i]);
                    }

                    i++;
                }

                labels[label] = value.ToString();
                i++; // past the closing quote
                if (line[i] == ',')
                {
                    i++;
                }
            }

            i++; // past }
        }

        var fields = line[i..].Trim().Split(' ');
        var number = fields[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}

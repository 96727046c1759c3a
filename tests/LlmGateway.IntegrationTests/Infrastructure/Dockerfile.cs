using System.Text.Json;

namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>The repository's Dockerfile read into stages of instructions, so tests can run what the image would run.</summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages)
    {
        Stages = stages;
    }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Final => Stages[^1];

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerStage>();
        foreach (var (keyword, arguments) in Instructions(text))
        {
            if (keyword == "FROM")
            {
                stages.Add(new DockerStage(arguments));
            }
            else if (stages.Count == 0)
            {
                throw new FormatException($"{keyword} before the first FROM.");
            }
            else
            {
                stages[^1].Instructions.Add(new DockerInstruction(keyword, arguments));
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>Reads an exec-form (JSON array) argument list, as ENTRYPOINT, CMD and HEALTHCHECK CMD take.</summary>
    public static string[]? ExecForm(string arguments)
    {
        var trimmed = arguments.Trim();
        return trimmed.StartsWith('[') ? JsonSerializer.Deserialize<string[]>(trimmed) : null;
    }

    private static IEnumerable<(string Keyword, string Arguments)> Instructions(string text)
    {
        var current = string.Empty;
        foreach (var rawLine in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                var trimmed = current.Trim();
                var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
                yield return space < 0 ? (trimmed.ToUpperInvariant(), string.Empty) : (trimmed[..space].ToUpperInvariant(), trimmed[(space + 1)..].Trim());
            }

            current = string.Empty;
        }
    }
}

/// <summary>One build stage: its <c>FROM</c> line and the instructions after it.</summary>
public sealed class DockerStage(string from)
{
    /// <summary>The image reference of the <c>FROM</c> line, without <c>AS name</c>.</summary>
    public string Image { get; } = from.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

    public string? Name { get; } = from.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, var keyword, var name] && keyword.Equals("AS", StringComparison.OrdinalIgnoreCase) ? name : null;

    public List<DockerInstruction> Instructions { get; } = [];

    public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string? Last(string keyword) => All(keyword).LastOrDefault();

    /// <summary>The <c>ENV</c> variables of the stage (<c>KEY=value</c> pairs; an empty value is kept).</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var arguments in All("ENV"))
        {
            foreach (var pair in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0)
                {
                    variables[pair[..equals]] = pair[(equals + 1)..];
                }
            }
        }

        return variables;
    }
}

/// <summary>An instruction: its keyword in capitals and the rest of the (joined) line.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments);

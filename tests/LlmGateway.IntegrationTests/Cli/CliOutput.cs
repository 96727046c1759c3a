namespace LlmGateway.IntegrationTests.Cli;

/// <summary>Finds the parts of a command-line report that a test asserts on.</summary>
internal static class CliOutput
{
    public static string[] Lines(string output) => output.ReplaceLineEndings("\n").Split('\n');

    /// <summary>The lines from the first one starting with <paramref name="header"/> up to the next blank line.</summary>
    public static string[] Section(string output, string header)
    {
        var lines = Lines(output);
        var start = Array.FindIndex(lines, line => line.StartsWith(header, StringComparison.Ordinal));
        Assert.True(start >= 0, $"No section '{header}' in:\n{output}");
        var end = Array.FindIndex(lines, start, string.IsNullOrWhiteSpace);
        return lines[start..(end < 0 ? lines.Length : end)];
    }

    /// <summary>
    /// The lines of one API's result in a doctor section: its own line (<c>  NAME  OK|FAIL …</c>) and the indented
    /// lines under it, up to the next API.
    /// </summary>
    public static string[] Probe(string[] section, string api)
    {
        var start = Array.FindIndex(section, line => line.StartsWith($"  {api} ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"No probe '{api}' in:\n{string.Join('\n', section)}");
        var end = Array.FindIndex(section, start + 1, line => line.Length > 2 && line[2] != ' ');
        return section[start..(end < 0 ? section.Length : end)];
    }

    /// <summary>The table row of <paramref name="firstCell"/> (two-space indented) within a section.</summary>
    public static string Row(string[] section, string firstCell)
    {
        var row = Array.Find(section, line => line.StartsWith($"  {firstCell} ", StringComparison.Ordinal));
        Assert.True(row is not null, $"No row '{firstCell}' in:\n{string.Join('\n', section)}");
        return row;
    }
}

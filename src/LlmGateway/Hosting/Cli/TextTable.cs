namespace LlmGateway.Hosting.Cli;

/// <summary>Rows of text written in left-aligned columns as wide as their widest cell, for terminal reports.</summary>
internal sealed class TextTable
{
    private const string Gap = "  ";

    private readonly List<string[]> _rows = [];

    public TextTable AddRow(params string[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        _rows.Add(cells);
        return this;
    }

    public void WriteTo(TextWriter output, string indent)
    {
        ArgumentNullException.ThrowIfNull(output);
        var columns = _rows.Count == 0 ? 0 : _rows.Max(row => row.Length);
        var widths = new int[columns];
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows)
        {
            var line = new System.Text.StringBuilder(indent);
            for (var i = 0; i < row.Length; i++)
            {
                // The last cell is not padded, so lines carry no trailing blanks.
                line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i]) + Gap);
            }

            output.WriteLine(line.ToString().TrimEnd());
        }
    }
}

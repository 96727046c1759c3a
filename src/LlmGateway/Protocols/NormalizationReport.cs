namespace LlmGateway.Protocols;

/// <summary>What one normalizer saw: repairs by kind, usage and how the response ended.</summary>
public sealed class NormalizationReport
{
    private readonly int[] _repairs = new int[Enum.GetValues<RepairKind>().Length];

    public long? InputTokens { get; set; }

    public long? OutputTokens { get; set; }

    /// <summary>The client-API stop reason or status written (e.g. <c>end_turn</c>, <c>completed</c>).</summary>
    public string? StopReason { get; set; }

    /// <summary>The error message when the response ended in the protocol's error event.</summary>
    public string? Error { get; set; }

    /// <summary>The Anthropic-style error type of <see cref="Error"/> (<c>api_error</c>, <c>overloaded_error</c>, …); see <see cref="ApiError.StatusForType"/>.</summary>
    public string? ErrorType { get; set; }

    public int TotalRepairs { get; private set; }

    public void Add(RepairKind kind)
    {
        _repairs[(int)kind]++;
        TotalRepairs++;
    }

    public int Count(RepairKind kind) => _repairs[(int)kind];

    /// <summary>The repairs made, as <c>kind=count</c> pairs, or an empty string.</summary>
    public string Describe()
    {
        if (TotalRepairs == 0)
        {
            return string.Empty;
        }

        var parts = new List<string>();
        for (var i = 0; i < _repairs.Length; i++)
        {
            if (_repairs[i] > 0)
            {
                parts.Add($"{(RepairKind)i}={_repairs[i]}");
            }
        }

        return string.Join(',', parts);
    }
}

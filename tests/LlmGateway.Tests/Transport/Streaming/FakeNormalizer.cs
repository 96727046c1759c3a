using System.Buffers;
using System.Text;
using LlmGateway.Protocols;

namespace LlmGateway.Tests.Transport.Streaming;

/// <summary>Upper-cases what it is fed; can hold bytes back, and writes markers on Complete and Fail.</summary>
internal sealed class FakeNormalizer : IResponseNormalizer
{
    private int _heldBack;

    /// <summary>Number of Write calls whose input is buffered instead of written (like an incomplete SSE frame).</summary>
    public int HoldBackWrites { get; init; }

    /// <summary>Terminates after writing input containing this text.</summary>
    public string? TerminateOn { get; init; }

    public string ContentType => "text/event-stream";

    public bool IsTerminated { get; private set; }

    public NormalizationReport Report { get; } = new();

    public List<UpstreamFailure> Failures { get; } = [];

    public int Completions { get; private set; }

    private List<byte> Pending { get; } = [];

    /// <summary>The length of each Write call's input, in order.</summary>
    public List<int> WriteLengths { get; } = [];

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        WriteLengths.Add(upstream.Length);
        Pending.AddRange(upstream.ToArray());
        if (_heldBack++ < HoldBackWrites)
        {
            return;
        }

        var text = Encoding.UTF8.GetString([.. Pending]);
        Pending.Clear();
        output.Write(Encoding.UTF8.GetBytes(text.ToUpperInvariant()));
        if (TerminateOn is not null && text.Contains(TerminateOn, StringComparison.Ordinal))
        {
            IsTerminated = true;
        }
    }

    public void Complete(IBufferWriter<byte> output)
    {
        Completions++;
        output.Write(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString([.. Pending]).ToUpperInvariant() + "|END"));
        Pending.Clear();
        IsTerminated = true;
    }

    public void Fail(UpstreamFailure failure, IBufferWriter<byte> output)
    {
        Failures.Add(failure);
        output.Write("|ERROR"u8);
        Report.Error = failure.Message;
        IsTerminated = true;
    }
}

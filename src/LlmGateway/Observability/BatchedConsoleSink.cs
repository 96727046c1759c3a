using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.ObjectPool;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LlmGateway.Observability;

/// <summary>
/// Log sink for redirected standard output (containers, pipes, files). Events are formatted on the caller's thread and
/// written by one background thread that flushes once per batch: a busy gateway makes one write system call per batch
/// instead of one, plus a console lock, per request line. After each batch the writer pauses for
/// <see cref="GatherDelay"/>, so under load a batch holds many lines and it is not woken for every one; a line
/// reaches the output at most that much later. When the output cannot keep up, at most <see cref="Capacity"/> lines
/// wait; the rest are counted and reported as dropped rather than blocking requests. The writer is a thread of its
/// own, not a thread-pool loop, so a starved pool delays neither the lines nor the drain at shutdown.
/// </summary>
internal sealed class BatchedConsoleSink : ILogEventSink, IDisposable
{
    public const int Capacity = 10_000;

    private static readonly TimeSpan GatherDelay = TimeSpan.FromMilliseconds(20);

    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    // A line is a few hundred characters: a builder per line would regrow (and discard) its buffer each time.
    private readonly ObjectPool<StringBuilder> _builders = new DefaultObjectPoolProvider().CreateStringBuilderPool();

    private readonly ITextFormatter _formatter;
    private readonly TextWriter _output;
    private readonly BlockingCollection<string> _lines = new(new ConcurrentQueue<string>(), Capacity);
    private readonly Thread _writer;
    private long _dropped;
    private int _disposed;

    public BatchedConsoleSink(ITextFormatter formatter, Stream output)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        _formatter = formatter;
        _output = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "Log writer" };
        _writer.Start();
    }

    public void Emit(LogEvent logEvent)
    {
        var builder = _builders.Get();
        try
        {
            using var text = new StringWriter(builder, CultureInfo.InvariantCulture);
            _formatter.Format(logEvent, text);
            if (!TryAdd(builder.ToString()))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
        finally
        {
            _builders.Return(builder);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // The queue itself is left to the collector: an event that races with shutdown may still try to add to it.
        _lines.CompleteAdding();

        // Lines already queued still reach the output, unless it is stuck (then the writer still owns the output).
        if (!_writer.Join(DrainTimeout))
        {
            return;
        }

        try
        {
            _output.Dispose();
        }
        catch (IOException)
        {
            // The output closed under us; what was left in the buffer has nowhere to go.
        }
    }

    /// <summary>False when the queue is full, or closed by <see cref="Dispose"/>.</summary>
    private bool TryAdd(string line)
    {
        try
        {
            return _lines.TryAdd(line);
        }
        catch (InvalidOperationException)
        {
            return false; // an event after Dispose
        }
    }

    private void WriteLoop()
    {
        try
        {
            // Waits for the next line; false once Dispose closed the queue and it is empty.
            while (_lines.TryTake(out var line, Timeout.Infinite))
            {
                _output.Write(line);
                while (_lines.TryTake(out line))
                {
                    _output.Write(line);
                }

                var dropped = Interlocked.Exchange(ref _dropped, 0);
                if (dropped > 0)
                {
                    _output.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"[{DateTime.Now:HH:mm:ss} WRN] {dropped} log events dropped: the output did not keep up"));
                }

                _output.Flush();
                // Dispose waits for the writer, so shutdown takes at most this pause longer.
                Thread.Sleep(GatherDelay);
            }
        }
        catch (IOException)
        {
            // Standard output is gone (closed pipe): logging must not take the gateway down with it.
        }
    }
}

using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.ObjectPool;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace LlmGateway.Observability;

/// <summary>
/// Log sink for redirected standard output (containers, pipes, files). Events are formatted on the caller's thread and
/// written by one background loop that flushes once per batch: a busy gateway makes one write system call per batch
/// instead of one, plus a console lock, per request line. After each batch the loop pauses for
/// <see cref="GatherDelay"/>, so under load a batch holds many lines and the loop is not woken for every one; a line
/// reaches the output at most that much later. When the output cannot keep up, at most <see cref="Capacity"/> lines
/// wait; the rest are counted and reported as dropped rather than blocking requests.
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
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly Task _writeLoop;
    private long _dropped;

    public BatchedConsoleSink(ITextFormatter formatter, Stream output)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        _formatter = formatter;
        _output = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        _writeLoop = Task.Run(WriteLoopAsync);
    }

    public void Emit(LogEvent logEvent)
    {
        var builder = _builders.Get();
        try
        {
            using var text = new StringWriter(builder, CultureInfo.InvariantCulture);
            _formatter.Format(logEvent, text);
            if (!_lines.Writer.TryWrite(builder.ToString()))
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
        if (!_lines.Writer.TryComplete())
        {
            return;
        }

        // Lines already queued still reach the output, unless it is stuck (then the loop still owns the writer).
        if (!_writeLoop.Wait(DrainTimeout))
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

    private async Task WriteLoopAsync()
    {
        var reader = _lines.Reader;
        try
        {
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                // Synchronous writes: console streams have no real asynchronous path, and these land in the buffer.
                while (reader.TryRead(out var line))
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
                // Dispose waits for the loop, so shutdown takes at most this pause longer.
                await Task.Delay(GatherDelay).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // Standard output is gone (closed pipe): logging must not take the gateway down with it.
        }
    }
}

using System.Globalization;
using System.Text;
using LlmGateway.Observability;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace LlmGateway.Tests.Observability;

public sealed class BatchedConsoleSinkTests
{
    private static readonly MessageTemplateTextFormatter Formatter = new("{Level:u3} {Message:lj}{NewLine}", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Lines_ReachTheOutput_InOrder_WithoutWaitingForDispose()
    {
        var output = new GatedStream();
        using var sink = new BatchedConsoleSink(Formatter, output);

        for (var i = 0; i < 100; i++)
        {
            sink.Emit(Event($"line {i}"));
        }

        var text = await output.WaitForTextAsync(t => t.Contains("line 99", StringComparison.Ordinal));
        var expected = string.Concat(Enumerable.Range(0, 100).Select(i => $"INF line {i}{Environment.NewLine}"));
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Dispose_WritesWhatIsQueued()
    {
        var output = new GatedStream();
        var sink = new BatchedConsoleSink(Formatter, output);
        sink.Emit(Event("first"));
        sink.Emit(Event("last"));

        sink.Dispose();

        Assert.Equal($"INF first{Environment.NewLine}INF last{Environment.NewLine}", output.Text);
        Assert.True(output.Disposed);
    }

    [Fact]
    public async Task OutputThatDoesNotKeepUp_DropsLinesBeyondCapacity_AndSaysHowMany()
    {
        var output = new GatedStream { Blocked = true };
        var sink = new BatchedConsoleSink(Formatter, output);

        // The first line is taken and its flush blocks on the output; the queue then fills up behind it.
        sink.Emit(Event("before"));
        await output.WriteEntered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < BatchedConsoleSink.Capacity + 3; i++)
        {
            sink.Emit(Event("queued"));
        }

        output.Release();
        sink.Dispose();

        var lines = output.Text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("INF before", lines[0]);
        Assert.Equal(BatchedConsoleSink.Capacity, lines.Count(l => l == "INF queued"));
        Assert.EndsWith("WRN] 3 log events dropped: the output did not keep up", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void ClosedOutput_DoesNotThrowIntoTheCaller()
    {
        var output = new GatedStream { FailWrites = true };
        var sink = new BatchedConsoleSink(Formatter, output);

        sink.Emit(Event("lost"));
        sink.Dispose();

        Assert.Equal(string.Empty, output.Text);
    }

    private static LogEvent Event(string text) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse(text), []);

    /// <summary>An output that can block its writes (a reader that does not keep up) or fail them (a closed pipe).</summary>
    private sealed class GatedStream : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly ManualResetEventSlim _gate = new(initialState: true);
        private readonly Lock _lock = new();

        public bool Blocked
        {
            init
            {
                if (value)
                {
                    _gate.Reset();
                }
            }
        }

        public bool FailWrites { get; init; }

        public TaskCompletionSource WriteEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool Disposed { get; private set; }

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return Encoding.UTF8.GetString(_written.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public void Release() => _gate.Set();

        public async Task<string> WaitForTextAsync(Func<string, bool> done)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!done(Text) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            return Text;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            WriteEntered.TrySetResult();
            _gate.Wait();
            if (FailWrites)
            {
                throw new IOException("Broken pipe");
            }

            lock (_lock)
            {
                _written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            if (disposing)
            {
                _gate.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

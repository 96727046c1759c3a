using LlmGateway.Protocols;

namespace LlmGateway.Tests.Protocols;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void DeferredRent_HoldsNoArrayUntilTheFirstWrite_ThenRentsTheInitialCapacity()
    {
        using var writer = new PooledBufferWriter(8192, rentNow: false);

        Assert.Equal(0, writer.WrittenSpan.Length);
        Assert.Empty(writer.WrittenMemory.ToArray());
        Assert.True(writer.GetSpan(1).Length >= 8192);
    }

    [Fact]
    public void Release_GivesTheArrayBack_AndTheNextWriteRentsAgain()
    {
        using var writer = new PooledBufferWriter(1024);
        writer.Append([1, 2, 3]);

        writer.Release();

        Assert.Equal(0, writer.WrittenCount);
        writer.Append([4]);
        Assert.Equal([4], writer.ToArray());
    }

    [Fact]
    public void Writes_BeyondTheCapacity_GrowTheArray_KeepingWhatWasWritten()
    {
        using var writer = new PooledBufferWriter(256, rentNow: false);
        var bytes = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();

        writer.Append(bytes.AsSpan(0, 100));
        writer.Append(bytes.AsSpan(100));

        Assert.Equal(bytes, writer.ToArray());
    }
}

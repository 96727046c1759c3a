using LlmGateway.Hosting;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.Tests.Hosting;

/// <summary>A reload that cannot parse the file keeps its last good contents and says what is wrong.</summary>
public sealed class LastGoodJsonConfigurationProviderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llmgateway-json-").FullName;
    private readonly ConfigurationFiles _files = new();

    private string FilePath => Path.Combine(_directory, "gateway.json");

    public void Dispose()
    {
        _files.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task BrokenReload_KeepsTheLastGoodContents_UntilTheFileParsesAgain()
    {
        File.WriteAllText(FilePath, """{"Gateway":{"MasterKey":"first"}}""");
        var provider = Build(reloadOnChange: true);
        provider.Load();

        // Through the file watcher, as in production: the reload path differs from the first load. One write may be
        // seen as several changes (even a read of the half-written file), so wait for the state each write leads to.
        await File.WriteAllTextAsync(FilePath, """{"Gateway":{"MasterKey":""");
        await WaitUntilAsync(() => _files.Problems().Count > 0);
        var afterBroken = Value(provider);
        var problem = Assert.Single(_files.Problems());

        await File.WriteAllTextAsync(FilePath, """{"Gateway":{"MasterKey":"second"}}""");
        await WaitUntilAsync(() => Value(provider) == "second");

        Assert.Equal("first", afterBroken);
        Assert.StartsWith($"'{FilePath}' is not valid JSON: ", problem, StringComparison.Ordinal);
        Assert.Contains("LineNumber", problem, StringComparison.Ordinal);
        Assert.Equal("second", Value(provider));
        Assert.Empty(_files.Problems());
    }

    [Fact]
    public void BrokenFirstLoad_Throws_SoTheStartFails()
    {
        File.WriteAllText(FilePath, "{ not json");

        Assert.Throws<InvalidDataException>(() => Build().Load());
    }

    [Fact]
    public void BrokenFile_ThatIsGone_IsNoLongerAProblem()
    {
        File.WriteAllText(FilePath, "{}");
        _files.ReportParseError(FilePath, "broken");
        Assert.Single(_files.Problems());

        File.Delete(FilePath);

        Assert.Empty(_files.Problems());
    }

    [Fact]
    public void RequiredFile_ThatIsGone_IsAProblem()
    {
        File.WriteAllText(FilePath, "{}");
        _files.Require(FilePath);
        Assert.Empty(_files.Problems());

        File.Delete(FilePath);

        Assert.Equal($"'{FilePath}' does not exist.", Assert.Single(_files.Problems()));
    }

    private IConfigurationProvider Build(bool reloadOnChange = false)
    {
        var source = new LastGoodJsonConfigurationSource
        {
            FileProvider = _files.CreateFileProvider(_directory),
            Path = "gateway.json",
            Optional = false,
            ReloadOnChange = reloadOnChange,
            Files = _files,
        };
        return source.Build(new ConfigurationBuilder());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The file watcher did not reload the file in time.");
            await Task.Delay(20);
        }
    }

    private static string? Value(IConfigurationProvider provider) => provider.TryGet("Gateway:MasterKey", out var value) ? value : null;
}

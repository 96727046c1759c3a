namespace LlmGateway.IntegrationTests.Infrastructure;

/// <summary>Files of the repository the tests were built from (found by walking up to <c>LlmGateway.sln</c>).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LlmGateway.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LlmGateway.sln above {AppContext.BaseDirectory}.");
    }
}

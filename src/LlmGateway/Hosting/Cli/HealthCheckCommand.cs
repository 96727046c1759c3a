namespace LlmGateway.Hosting.Cli;

/// <summary>
/// <c>healthcheck [--url URL]</c>: GETs the gateway's liveness endpoint and exits 0 on a 2xx answer, 1 otherwise.
/// The container image's HEALTHCHECK runs it because the ASP.NET runtime image has no curl or wget.
/// </summary>
internal static class HealthCheckCommand
{
    public const string Name = "healthcheck";

    public const string DefaultUrl = "http://127.0.0.1:4000/health/live";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);

        var url = DefaultUrl;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "--url" && i + 1 < arguments.Count)
            {
                url = arguments[++i];
            }
            else
            {
                await output.WriteLineAsync($"healthcheck: unknown argument '{arguments[i]}'. Usage: healthcheck [--url {DefaultUrl}]").ConfigureAwait(false);
                return 2;
            }
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            await output.WriteLineAsync($"healthcheck: '{url}' is not an http(s) URL.").ConfigureAwait(false);
            return 2;
        }

        using var client = new HttpClient { Timeout = RequestTimeout };
        try
        {
            using var response = await client.GetAsync(uri, cancellationToken).ConfigureAwait(false);
            var healthy = response.IsSuccessStatusCode;
            await output.WriteLineAsync($"healthcheck: {uri} answered {(int)response.StatusCode}").ConfigureAwait(false);
            return healthy ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"healthcheck: {uri} did not answer: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}

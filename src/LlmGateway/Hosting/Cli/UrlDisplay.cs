namespace LlmGateway.Hosting.Cli;

/// <summary>Upstream URLs as the command-line reports show them: credentials in the URL (<c>user:pass@</c>) masked.</summary>
internal static class UrlDisplay
{
    public const string Mask = "***";

    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        var authorityStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0)
        {
            authorityEnd = url.Length;
        }

        if (authorityEnd == authorityStart)
        {
            return url;
        }

        var at = url.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart);
        return at < 0 ? url : string.Concat(url.AsSpan(0, authorityStart), Mask, url.AsSpan(at));
    }
}

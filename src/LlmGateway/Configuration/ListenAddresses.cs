namespace LlmGateway.Configuration;

/// <summary>The addresses the server will listen on, as configured (<c>--urls</c>, <c>ASPNETCORE_URLS</c>, ports, Kestrel endpoints).</summary>
internal static class ListenAddresses
{
    public const string UrlsKey = "urls";

    public const string DefaultUrl = "http://localhost:4000";

    private const string HttpPortsKey = "http_ports";
    private const string HttpsPortsKey = "https_ports";
    private const string KestrelEndpointsKey = "Kestrel:Endpoints";

    /// <summary>True when any listen address was configured; otherwise the gateway uses <see cref="DefaultUrl"/>.</summary>
    public static bool AreConfigured(IConfiguration configuration) => Read(configuration).Count > 0;

    public static IReadOnlyList<string> Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new List<string>();
        AddSplit(addresses, configuration[UrlsKey], static value => value);

        // ASP.NET binds HTTP_PORTS/HTTPS_PORTS on every interface.
        AddSplit(addresses, configuration[HttpPortsKey], static port => $"http://*:{port}");
        AddSplit(addresses, configuration[HttpsPortsKey], static port => $"https://*:{port}");

        foreach (var endpoint in configuration.GetSection(KestrelEndpointsKey).GetChildren())
        {
            var url = endpoint["Url"];
            if (!string.IsNullOrWhiteSpace(url))
            {
                addresses.Add(url.Trim());
            }
        }

        return addresses;
    }

    private static void AddSplit(List<string> addresses, string? value, Func<string, string> map)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            addresses.Add(map(part));
        }
    }
}

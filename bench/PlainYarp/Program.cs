using Yarp.ReverseProxy.Configuration;

// The architecture's floor for the load benchmark: the same YARP and Kestrel as the gateway, forwarding /v1/* to one
// upstream byte for byte, with no middleware, transforms or normalizer. Usage: PlainYarp --urls URL --upstream BASEURL
var builder = WebApplication.CreateBuilder(args);
var upstream = builder.Configuration["upstream"]
    ?? throw new InvalidOperationException("--upstream http://host:port is required.");
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "v1", ClusterId = "upstream", Match = new RouteMatch { Path = "/v1/{**rest}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["canned"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();

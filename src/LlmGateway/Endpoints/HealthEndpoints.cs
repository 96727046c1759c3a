using System.Buffers;
using System.Text.Json;
using LlmGateway.Routing;
using LlmGateway.Transport;

namespace LlmGateway.Endpoints;

/// <summary>
/// <c>GET /health/live</c> (the process serves) and <c>GET /health/ready</c> (configuration loaded and every model
/// group has a deployment that is not cooled down; 503 naming the failing groups otherwise). Unauthenticated, so they
/// name groups only: never upstream addresses or keys.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", static context => WriteAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("status"u8, "live"u8);
            json.WriteEndObject();
        }));

        // A plain request delegate, as in ModelListEndpoints: no expression-tree parameter binding.
        endpoints.MapGet("/health/ready", static context =>
        {
            var configuration = context.RequestServices.GetRequiredService<RunningConfiguration>();
            var health = context.RequestServices.GetRequiredService<DeploymentHealth>();
            var failing = configuration.Current.Catalog.Groups
                .Where(group => group.Deployments.All(health.IsCoolingDown))
                .Select(group => group.Name)
                .Order(StringComparer.Ordinal)
                .ToList();
            return WriteAsync(context, failing.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
            {
                json.WriteStartObject();
                json.WriteString("status"u8, failing.Count == 0 ? "ready"u8 : "not_ready"u8);
                json.WriteStartArray("failing_groups"u8);
                foreach (var name in failing)
                {
                    json.WriteStringValue(name);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            });
        });

        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}

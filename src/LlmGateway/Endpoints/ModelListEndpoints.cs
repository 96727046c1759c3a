using System.Buffers;
using System.Globalization;
using System.Text.Json;
using LlmGateway.Transport;
using LlmGateway.Transport.Edge;
using Microsoft.AspNetCore.Http.Features;

namespace LlmGateway.Endpoints;

/// <summary>
/// <c>GET /v1/models</c> and <c>GET /v1/models/{id}</c>: the model groups a caller may use, in OpenAI's list shape, or
/// in Anthropic's when the request carries <c>anthropic-version</c> (the Anthropic SDKs always send it).
/// </summary>
internal static class ModelListEndpoints
{
    private const string AnthropicVersionHeader = "anthropic-version";

    // Plain request delegates: parameter binding would build its delegates from expression trees at the first request,
    // loading System.Linq.Expressions and compiling code the gateway does not otherwise need (a few MB resident).
    public static IEndpointRouteBuilder MapModelList(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/models", ListAsync);
        endpoints.MapGet("/v1/models/{id}", GetAsync);
        return endpoints;
    }

    private static Task ListAsync(HttpContext context)
    {
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var anthropic = context.Request.Headers.ContainsKey(AnthropicVersionHeader);
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        var groups = gateway.Configuration.Catalog.Groups.Where(gateway.MayUse).Select(group => group.Name).Order(StringComparer.Ordinal).ToList();
        var created = time.GetUtcNow();
        return WriteJsonAsync(context, json =>
        {
            json.WriteStartObject();
            if (!anthropic)
            {
                json.WriteString("object"u8, "list"u8);
            }

            json.WriteStartArray("data"u8);
            foreach (var name in groups)
            {
                WriteModel(json, name, anthropic, created);
            }

            json.WriteEndArray();
            if (anthropic)
            {
                json.WriteBoolean("has_more"u8, false);
                WriteNullable(json, "first_id"u8, groups.FirstOrDefault());
                WriteNullable(json, "last_id"u8, groups.LastOrDefault());
            }

            json.WriteEndObject();
        });
    }

    private static Task GetAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var gateway = context.Features.GetRequiredFeature<GatewayRequestContext>();
        if (!gateway.Configuration.Catalog.TryGetGroup(id, out var group))
        {
            return ClientErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, $"The model '{id}' does not exist on this gateway.", code: "model_not_found", param: "model");
        }

        if (!gateway.MayUse(group))
        {
            return ModelPermission.DenyAsync(context, group);
        }

        var anthropic = context.Request.Headers.ContainsKey(AnthropicVersionHeader);
        return WriteJsonAsync(context, json => WriteModel(json, group.Name, anthropic, time.GetUtcNow()));
    }

    private static void WriteModel(Utf8JsonWriter json, string name, bool anthropic, DateTimeOffset created)
    {
        json.WriteStartObject();
        if (anthropic)
        {
            json.WriteString("type"u8, "model"u8);
            json.WriteString("id"u8, name);
            json.WriteString("display_name"u8, name);
            json.WriteString("created_at"u8, created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }
        else
        {
            json.WriteString("id"u8, name);
            json.WriteString("object"u8, "model"u8);
            json.WriteNumber("created"u8, created.ToUnixTimeSeconds());
            json.WriteString("owned_by"u8, "llmgateway"u8);
        }

        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }
}

using LlmGateway.Endpoints;
using LlmGateway.Transport.Edge;
using LlmGateway.Transport.Pipeline;

namespace LlmGateway.Hosting;

/// <summary>The gateway's HTTP pipeline and endpoints.</summary>
internal static class GatewayApplicationExtensions
{
    public static WebApplication MapGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.UseMiddleware<RequestTrackingMiddleware>();
        app.UseMiddleware<KeyAuthenticationMiddleware>();

        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ForwarderErrorMiddleware>();
            proxy.UseMiddleware<ModelGroupSelectionMiddleware>();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

        app.MapModelList();
        app.MapHealth();
        app.MapGatewayMetrics();
        app.MapPost("/v1/messages/count_tokens", static context => context.RequestServices.GetRequiredService<CountTokensEndpoint>().HandleAsync(context));

        // Anything else under /v1 gets a 404 in the shape its client expects.
        app.MapFallback("/v1/{**path}", static context =>
            ClientErrorWriter.WriteAsync(context, StatusCodes.Status404NotFound, $"No such endpoint: {context.Request.Method} {context.Request.Path}."));

        return app;
    }
}

using LlmGateway.Routing;

namespace LlmGateway.Transport.Edge;

/// <summary>The answer to a key that asks for a model group outside its <c>Models</c>.</summary>
internal static class ModelPermission
{
    public static Task DenyAsync(HttpContext context, ModelGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return ClientErrorWriter.WriteAsync(
            context,
            StatusCodes.Status403Forbidden,
            $"This API key may not use the model '{group.Name}'.",
            param: "model");
    }
}

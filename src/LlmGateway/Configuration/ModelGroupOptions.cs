namespace LlmGateway.Configuration;

/// <summary>A model group (<c>Gateway:ModelGroups:NAME</c>); its name is what clients send as <c>model</c>.</summary>
public sealed class ModelGroupOptions
{
    public List<DeploymentOptions> Deployments { get; } = [];
}

namespace LlmGateway.Hosting;

/// <summary>The gateway's configuration could not be loaded; the message says what to fix.</summary>
internal sealed class GatewayConfigurationException : Exception
{
    public GatewayConfigurationException()
    {
    }

    public GatewayConfigurationException(string message)
        : base(message)
    {
    }

    public GatewayConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

using Xunit.Sdk;

namespace LlmGateway.Tests.Protocols.Validation;

/// <summary>The normalizer's output broke a rule of wire-protocols.md (sections 1.8, 2.4 and 6).</summary>
public sealed class ProtocolViolationException : XunitException
{
    public ProtocolViolationException()
        : base("Protocol violation.")
    {
    }

    public ProtocolViolationException(string message)
        : base(message)
    {
    }

    public ProtocolViolationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

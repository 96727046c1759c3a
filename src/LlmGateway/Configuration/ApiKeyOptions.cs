namespace LlmGateway.Configuration;

/// <summary>One client key (<c>Gateway:ApiKeys:N</c>): who may call the gateway, for which model groups, and how much.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Names the key in logs and rate-limit messages; the key's value is never logged.</summary>
    public string? Name { get; set; }

    /// <summary>The secret clients send, or <c>env:VAR_NAME</c> to read it from an environment variable at start.</summary>
    public string? Key { get; set; }

    /// <summary>The model groups the key may use; empty means all of them.</summary>
    public List<string> Models { get; } = [];

    /// <summary>Requests admitted per minute (every <c>/v1</c> request counts); unlimited when not set.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Input plus output tokens per minute, charged after each request; unlimited when not set.</summary>
    public int? TokensPerMinute { get; set; }
}

namespace LlmGateway.Routing;

/// <summary>Why a request body could not be routed.</summary>
internal enum ModelRequestError
{
    None,

    /// <summary>The body is not valid JSON.</summary>
    InvalidJson,

    /// <summary>The body is JSON but not an object.</summary>
    NotAnObject,

    /// <summary>No top-level <c>model</c>.</summary>
    MissingModel,

    /// <summary>The top-level <c>model</c> is not a non-empty string.</summary>
    InvalidModel,

    /// <summary>More than one top-level <c>model</c>; upstreams disagree on which one wins, so routing would be ambiguous.</summary>
    DuplicateModel,
}

namespace LlmGateway.Routing;

/// <summary>The routing facts of a request body: its top-level <c>model</c> and <c>stream</c>, and where the model value sits.</summary>
/// <param name="Model">The unescaped model name.</param>
/// <param name="Stream">True when the body has <c>"stream": true</c> at the top level.</param>
/// <param name="ModelTokenStart">Offset of the model value's opening quote.</param>
/// <param name="ModelTokenLength">Length of the model value including both quotes, as written (escapes kept).</param>
/// <param name="IncludeUsage">True when the body has <c>"stream_options": {"include_usage": true}</c> (Chat Completions).</param>
internal readonly record struct ModelRequest(string Model, bool Stream, int ModelTokenStart, int ModelTokenLength, bool IncludeUsage = false);

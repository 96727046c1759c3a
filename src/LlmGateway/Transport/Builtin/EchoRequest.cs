namespace LlmGateway.Transport.Builtin;

/// <summary>What the echo upstream needs from a request: the model to name, whether to stream, and the text to echo.</summary>
/// <param name="IncludeUsage">Chat Completions <c>stream_options.include_usage</c>.</param>
/// <param name="Text">The last user message's text (empty when there is none).</param>
internal readonly record struct EchoRequest(string Model, bool Stream, bool IncludeUsage, string Text);

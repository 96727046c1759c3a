using System.Text.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Writes a Chat Completions request (wire-protocols.md 3.7 and 3.8). Tool results become <c>tool</c> messages ahead
/// of the rest of their user turn, images inside them move to that following user message, and an error result is
/// marked by <see cref="ToolResultPart.ErrorPrefix"/>. Replayed reasoning is dropped (chat has no portable field);
/// documents (PDFs) answer 400 because chat has no file input. A trailing assistant turn (Messages prefill) stays the
/// last message: there is no portable equivalent, and backends that support continuation honour it.
/// </summary>
internal static class ChatRequestWriter
{
    public static byte[] Write(NeutralRequest request, RequestWriterContext context) =>
        RequestJsonWriter.Write((request, context), static (json, state) => WriteBody(json, state.request, state.context));

    private static void WriteBody(Utf8JsonWriter json, NeutralRequest request, RequestWriterContext context)
    {
        json.WriteStartObject();
        json.WriteString("model", context.Options.UpstreamModel);
        json.WriteStartArray("messages");
        if (RequestJsonWriter.SystemText(request) is { } system)
        {
            json.WriteStartObject();
            json.WriteString("role", "system");
            json.WriteString("content", system);
            json.WriteEndObject();
        }

        // Replayed reasoning has no chat field; empty texts would only make empty turns.
        foreach (var message in TurnCompactor.Compact(request.Messages, static p => p is not ReasoningPart and not TextPart { Text.Length: 0 }))
        {
            if (message.Role == NeutralRole.User)
            {
                WriteUser(json, message, context);
            }
            else
            {
                WriteAssistant(json, message, context);
            }
        }

        json.WriteEndArray();
        WriteTools(json, request);
        RequestJsonWriter.OptionalNumber(json, "max_tokens", request.MaxTokens);
        RequestJsonWriter.OptionalNumber(json, "temperature", request.Temperature);
        RequestJsonWriter.OptionalNumber(json, "top_p", request.TopP);
        RequestJsonWriter.OptionalNumber(json, "top_k", request.TopK);
        if (request.Stop.Count > 0)
        {
            json.WriteStartArray("stop");
            foreach (var stop in request.Stop)
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
        }

        RequestJsonWriter.OptionalString(json, "reasoning_effort", ReasoningBudget.Effort(request.Reasoning));
        RequestJsonWriter.OptionalString(json, "user", request.User);
        if (request.ResponseFormat is { } format)
        {
            json.WriteStartObject("response_format");
            json.WriteString("type", format.Type);
            if (format.Type == "json_schema")
            {
                json.WriteStartObject("json_schema");
                json.WriteString("name", format.Name ?? "response");
                RequestJsonWriter.OptionalString(json, "description", format.Description);
                if (format.SchemaJson is not null)
                {
                    RequestJsonWriter.Raw(json, "schema", format.SchemaJson);
                }

                RequestJsonWriter.OptionalBoolean(json, "strict", format.Strict);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        RequestJsonWriter.OptionalString(json, "verbosity", request.Verbosity);
        if (request.Stream)
        {
            json.WriteBoolean("stream", true);
            json.WriteStartObject("stream_options");
            json.WriteBoolean("include_usage", true);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Tools, tool choice and the parallel flag; the last two only with tools, because OpenAI rejects them alone and without tools they mean nothing.</summary>
    private static void WriteTools(Utf8JsonWriter json, NeutralRequest request)
    {
        if (request.Tools.Count == 0)
        {
            return;
        }

        json.WriteStartArray("tools");
        foreach (var tool in request.Tools)
        {
            json.WriteStartObject();
            json.WriteString("type", "function");
            json.WriteStartObject("function");
            json.WriteString("name", tool.Name);
            RequestJsonWriter.OptionalString(json, "description", tool.Description);
            if (tool.ParametersJson is not null)
            {
                RequestJsonWriter.Raw(json, "parameters", tool.ParametersJson);
            }

            RequestJsonWriter.OptionalBoolean(json, "strict", tool.Strict);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (request.ToolChoice is { } choice)
        {
            if (choice.Kind == ToolChoiceKind.Specific)
            {
                json.WriteStartObject("tool_choice");
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", choice.Name);
                json.WriteEndObject();
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("tool_choice", choice.Kind switch
                {
                    ToolChoiceKind.None => "none",
                    ToolChoiceKind.Required => "required",
                    _ => "auto",
                });
            }
        }

        RequestJsonWriter.OptionalBoolean(json, "parallel_tool_calls", request.ParallelToolCalls);
    }

    private static void WriteUser(Utf8JsonWriter json, NeutralMessage message, RequestWriterContext context)
    {
        var rest = new List<NeutralPart>();
        foreach (var part in message.Parts)
        {
            if (part is ToolResultPart result)
            {
                json.WriteStartObject();
                json.WriteString("role", "tool");
                json.WriteString("tool_call_id", result.CallId);
                json.WriteString("content", result.JoinedText());
                json.WriteEndObject();

                // Chat tool messages carry text only; the images go to the user message that follows.
                rest.AddRange(result.Content.OfType<ImagePart>());
            }
        }

        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case ToolResultPart:
                    break;
                case DocumentPart:
                    throw new RequestTranslationException(context.ConversationParam, "Documents (PDF) cannot be sent to this model's upstream, which takes only text and images.");
                case TextPart or ImagePart:
                    rest.Add(part);
                    break;
            }
        }

        if (rest.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role", "user");
        if (rest is [TextPart only])
        {
            json.WriteString("content", only.Text);
        }
        else
        {
            json.WriteStartArray("content");
            foreach (var part in rest)
            {
                json.WriteStartObject();
                if (part is TextPart text)
                {
                    json.WriteString("type", "text");
                    json.WriteString("text", text.Text);
                }
                else if (part is ImagePart image)
                {
                    json.WriteString("type", "image_url");
                    json.WriteStartObject("image_url");
                    json.WriteString("url", image.ToUrl());
                    RequestJsonWriter.OptionalString(json, "detail", image.Detail);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter json, NeutralMessage message, RequestWriterContext context)
    {
        var texts = message.Parts.OfType<TextPart>().Select(t => t.Text).Where(t => t.Length > 0).ToList();
        var calls = message.Parts.OfType<ToolCallPart>().ToList();
        if (message.Parts.Any(p => p is ImagePart or DocumentPart))
        {
            throw new RequestTranslationException(context.ConversationParam, "Assistant turns with images or documents cannot be sent to this model's upstream.");
        }

        if (texts.Count == 0 && calls.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role", "assistant");

        // Text blocks split around tool calls would run together; a blank line keeps them apart.
        json.WriteString("content", string.Join("\n\n", texts));
        if (calls.Count > 0)
        {
            json.WriteStartArray("tool_calls");
            foreach (var call in calls)
            {
                json.WriteStartObject();
                json.WriteString("id", call.Id);
                json.WriteString("type", "function");
                json.WriteStartObject("function");
                json.WriteString("name", call.Name);
                json.WriteString("arguments", call.ArgumentsJson);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}

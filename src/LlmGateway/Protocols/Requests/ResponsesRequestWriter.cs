using System.Text.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Writes an OpenAI Responses request (the inverse of wire-protocols.md 3.8): system text becomes
/// <c>instructions</c>, turns become <c>message</c> / <c>function_call</c> / <c>function_call_output</c> items, tools are
/// flat. Rules that need a choice:
/// <list type="bullet">
/// <item>Stop sequences answer 400: Responses has no <c>stop</c>, and ignoring them changes where the answer ends.</item>
/// <item><c>top_k</c> is dropped (no Responses field; a sampling hint).</item>
/// <item>A tool without <c>strict</c> is written <c>strict:false</c>, because Responses defaults to strict while the other APIs do not.</item>
/// <item>Only reasoning that came from a Responses client is replayed (its <c>encrypted_content</c> is OpenAI's); other reasoning is dropped.</item>
/// <item>An error tool result is marked by <see cref="ToolResultPart.ErrorPrefix"/>; documents become <c>input_file</c> parts with <c>file_data</c>.</item>
/// </list>
/// </summary>
internal static class ResponsesRequestWriter
{
    public static byte[] Write(NeutralRequest request, RequestWriterContext context)
    {
        if (request.Stop.Count > 0)
        {
            throw new RequestTranslationException(context.StopParam, "Stop sequences cannot be sent to this model's upstream (OpenAI Responses has no stop parameter).");
        }

        return RequestJsonWriter.Write((request, context), static (json, state) => WriteBody(json, state.request, state.context));
    }

    private static void WriteBody(Utf8JsonWriter json, NeutralRequest request, RequestWriterContext context)
    {
        json.WriteStartObject();
        json.WriteString("model", context.Options.UpstreamModel);
        RequestJsonWriter.OptionalString(json, "instructions", RequestJsonWriter.SystemText(request));
        json.WriteStartArray("input");
        foreach (var message in TurnCompactor.Compact(request.Messages, static p => p is not ReasoningPart { SourceApi: not WireApi.Responses } and not TextPart { Text.Length: 0 }))
        {
            if (message.Role == NeutralRole.User)
            {
                WriteUser(json, message);
            }
            else
            {
                WriteAssistant(json, message, context);
            }
        }

        json.WriteEndArray();
        if (request.Tools.Count > 0)
        {
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                json.WriteStartObject();
                json.WriteString("type", "function");
                json.WriteString("name", tool.Name);
                RequestJsonWriter.OptionalString(json, "description", tool.Description);
                if (tool.ParametersJson is not null)
                {
                    RequestJsonWriter.Raw(json, "parameters", tool.ParametersJson);
                }

                json.WriteBoolean("strict", tool.Strict ?? false);
                json.WriteEndObject();
            }

            json.WriteEndArray();

            // tool_choice and parallel_tool_calls only with tools: OpenAI rejects them alone, and without tools they mean nothing.
            WriteToolChoice(json, request);
        }

        RequestJsonWriter.OptionalNumber(json, "max_output_tokens", request.MaxTokens);
        RequestJsonWriter.OptionalNumber(json, "temperature", request.Temperature);
        RequestJsonWriter.OptionalNumber(json, "top_p", request.TopP);
        var effort = ReasoningBudget.Effort(request.Reasoning);
        var summary = request.Reasoning?.Summary;
        if (effort is not null || summary is not null)
        {
            json.WriteStartObject("reasoning");
            RequestJsonWriter.OptionalString(json, "effort", effort);
            RequestJsonWriter.OptionalString(json, "summary", summary);
            json.WriteEndObject();
        }

        RequestJsonWriter.OptionalString(json, "user", request.User);
        if (request.ResponseFormat is not null || request.Verbosity is not null)
        {
            json.WriteStartObject("text");
            if (request.ResponseFormat is { } format)
            {
                json.WriteStartObject("format");
                json.WriteString("type", format.Type);
                if (format.Type == "json_schema")
                {
                    json.WriteString("name", format.Name ?? "response");
                    RequestJsonWriter.OptionalString(json, "description", format.Description);
                    if (format.SchemaJson is not null)
                    {
                        RequestJsonWriter.Raw(json, "schema", format.SchemaJson);
                    }

                    RequestJsonWriter.OptionalBoolean(json, "strict", format.Strict);
                }

                json.WriteEndObject();
            }

            RequestJsonWriter.OptionalString(json, "verbosity", request.Verbosity);
            json.WriteEndObject();
        }

        if (request.Stream)
        {
            json.WriteBoolean("stream", true);
        }

        json.WriteEndObject();
    }

    private static void WriteToolChoice(Utf8JsonWriter json, NeutralRequest request)
    {
        if (request.ToolChoice is { } choice)
        {
            if (choice.Kind == ToolChoiceKind.Specific)
            {
                json.WriteStartObject("tool_choice");
                json.WriteString("type", "function");
                json.WriteString("name", choice.Name);
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

    private static void WriteUser(Utf8JsonWriter json, NeutralMessage message)
    {
        // function_call_output must follow its function_call, so results go ahead of the rest of the turn.
        foreach (var result in message.Parts.OfType<ToolResultPart>())
        {
            json.WriteStartObject();
            json.WriteString("type", "function_call_output");
            json.WriteString("call_id", result.CallId);
            if (result.Content.Any(p => p is ImagePart))
            {
                json.WriteStartArray("output");
                var first = true;
                foreach (var part in result.Content)
                {
                    var prefix = first && result.IsError ? ToolResultPart.ErrorPrefix : string.Empty;
                    first = false;
                    WriteInputPart(json, part is TextPart text ? new TextPart(prefix + text.Text) : part);
                }

                json.WriteEndArray();
            }
            else
            {
                json.WriteString("output", result.JoinedText());
            }

            json.WriteEndObject();
        }

        var rest = message.Parts.Where(p => p is TextPart or ImagePart or DocumentPart).ToList();
        if (rest.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "message");
        json.WriteString("role", "user");
        json.WriteStartArray("content");
        foreach (var part in rest)
        {
            WriteInputPart(json, part);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteInputPart(Utf8JsonWriter json, NeutralPart part)
    {
        json.WriteStartObject();
        switch (part)
        {
            case TextPart text:
                json.WriteString("type", "input_text");
                json.WriteString("text", text.Text);
                break;
            case ImagePart image:
                json.WriteString("type", "input_image");
                json.WriteString("image_url", image.ToUrl());
                json.WriteString("detail", image.Detail ?? "auto");
                break;
            case DocumentPart document:
                json.WriteString("type", "input_file");
                if (document.Url is not null)
                {
                    json.WriteString("file_url", document.Url);
                }
                else
                {
                    json.WriteString("filename", document.Title ?? "document.pdf");
                    json.WriteString("file_data", $"data:{document.MediaType};base64,{document.Data}");
                }

                break;
        }

        json.WriteEndObject();
    }

    private static void WriteAssistant(Utf8JsonWriter json, NeutralMessage message, RequestWriterContext context)
    {
        var pending = new List<string>();
        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case TextPart text:
                    if (text.Text.Length > 0)
                    {
                        pending.Add(text.Text);
                    }

                    break;
                case ToolCallPart call:
                    Flush(json, pending);
                    json.WriteStartObject();
                    json.WriteString("type", "function_call");
                    json.WriteString("call_id", call.Id);
                    json.WriteString("name", call.Name);
                    json.WriteString("arguments", call.ArgumentsJson);
                    json.WriteEndObject();
                    break;
                case ReasoningPart { SourceApi: WireApi.Responses } reasoning:
                    Flush(json, pending);
                    WriteReasoning(json, reasoning);
                    break;
                case ReasoningPart:
                    break;
                default:
                    throw new RequestTranslationException(context.ConversationParam, "Assistant turns with images or documents cannot be sent to this model's upstream.");
            }
        }

        Flush(json, pending);
    }

    private static void Flush(Utf8JsonWriter json, List<string> texts)
    {
        if (texts.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteStartArray("content");
        foreach (var text in texts)
        {
            json.WriteStartObject();
            json.WriteString("type", "output_text");
            json.WriteString("text", text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        texts.Clear();
    }

    private static void WriteReasoning(Utf8JsonWriter json, ReasoningPart reasoning)
    {
        json.WriteStartObject();
        json.WriteString("type", "reasoning");
        RequestJsonWriter.OptionalString(json, "id", reasoning.Id);
        json.WriteStartArray("summary");
        if (reasoning.Text.Length > 0)
        {
            json.WriteStartObject();
            json.WriteString("type", "summary_text");
            json.WriteString("text", reasoning.Text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        RequestJsonWriter.OptionalString(json, "encrypted_content", reasoning.Signature);
        json.WriteEndObject();
    }
}

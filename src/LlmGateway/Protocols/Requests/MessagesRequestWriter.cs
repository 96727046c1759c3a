using System.Text;
using System.Text.Json;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Writes an Anthropic Messages request (the inverse of wire-protocols.md 3.7). Rules that need a choice:
/// <list type="bullet">
/// <item><c>max_tokens</c> is required: without one from the client it is 4096, plus the thinking budget when thinking is on.</item>
/// <item>Tool-call arguments that are not a JSON object answer 400 (an empty string counts as <c>{}</c>): guessing an input would change the call.</item>
/// <item>Effort words become budgets at the top of their bucket (minimal 1024, low 2048, medium 8192, high 16384, xhigh 32768; none = off);
/// with a client <c>max_tokens</c> the budget is cut below it, and dropped when that leaves less than 1024.</item>
/// <item>Reasoning is replayed only as it came from a Messages client: signed thinking and redacted thinking pass;
/// unsigned thinking (and reasoning from other APIs, whose signatures Anthropic cannot check) is stripped
/// when <see cref="RequestTranslationOptions.StripUnsignedThinking"/> is set, else sent without a signature.</item>
/// <item>Structured output (<c>json_schema</c>/<c>json_object</c>) answers 400; <c>verbosity</c> is dropped (no equivalent).</item>
/// </list>
/// </summary>
internal static class MessagesRequestWriter
{
    /// <summary>What <c>max_tokens</c> becomes when the client set none (Messages requires it).</summary>
    public const long DefaultMaxTokens = 4096;

    public static byte[] Write(NeutralRequest request, RequestWriterContext context)
    {
        if (request.ResponseFormat is { Type: not "text" })
        {
            throw new RequestTranslationException(context.ResponseFormatParam, $"Structured output ({request.ResponseFormat.Type}) cannot be requested from this model's upstream (Anthropic Messages); ask for JSON in the prompt instead.");
        }

        return RequestJsonWriter.Write((request, context), static (json, state) => WriteBody(json, state.request, state.context));
    }

    private static void WriteBody(Utf8JsonWriter json, NeutralRequest request, RequestWriterContext context)
    {
        json.WriteStartObject();
        json.WriteString("model", context.Options.UpstreamModel);
        RequestJsonWriter.OptionalString(json, "system", RequestJsonWriter.SystemText(request));
        json.WriteStartArray("messages");
        // Thinking Anthropic would refuse and empty texts (Messages rejects them) go first, so the turns can re-merge.
        foreach (var message in TurnCompactor.Compact(request.Messages, p => p is not TextPart { Text.Length: 0 } && (p is not ReasoningPart reasoning || KeepReasoning(reasoning, context))))
        {
            WriteMessage(json, message, context);
        }

        json.WriteEndArray();

        var (thinkingBudget, adaptive) = Thinking(request);
        json.WriteNumber("max_tokens", request.MaxTokens ?? (DefaultMaxTokens + (thinkingBudget ?? 0)));
        if (thinkingBudget is { } budget)
        {
            json.WriteStartObject("thinking");
            json.WriteString("type", "enabled");
            json.WriteNumber("budget_tokens", budget);
            json.WriteEndObject();
        }
        else if (adaptive)
        {
            json.WriteStartObject("thinking");
            json.WriteString("type", "adaptive");
            json.WriteEndObject();
        }

        RequestJsonWriter.OptionalNumber(json, "temperature", request.Temperature);
        RequestJsonWriter.OptionalNumber(json, "top_p", request.TopP);
        RequestJsonWriter.OptionalNumber(json, "top_k", request.TopK);
        if (request.Stop.Count > 0)
        {
            json.WriteStartArray("stop_sequences");
            foreach (var stop in request.Stop)
            {
                json.WriteStringValue(stop);
            }

            json.WriteEndArray();
        }

        if (request.Tools.Count > 0)
        {
            json.WriteStartArray("tools");
            foreach (var tool in request.Tools)
            {
                json.WriteStartObject();
                json.WriteString("name", tool.Name);
                RequestJsonWriter.OptionalString(json, "description", tool.Description);

                // input_schema is required by Messages; a tool without parameters takes an empty object.
                RequestJsonWriter.Raw(json, "input_schema", tool.ParametersJson ?? """{"type":"object","properties":{}}"""u8.ToArray());
                RequestJsonWriter.OptionalBoolean(json, "strict", tool.Strict);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteToolChoice(json, request);
        }

        if (request.User is not null)
        {
            json.WriteStartObject("metadata");
            json.WriteString("user_id", request.User);
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
        var disableParallel = request.ParallelToolCalls == false;
        if (request.ToolChoice is null && !disableParallel)
        {
            return;
        }

        var choice = request.ToolChoice ?? new NeutralToolChoice(ToolChoiceKind.Auto);
        json.WriteStartObject("tool_choice");
        json.WriteString("type", choice.Kind switch
        {
            ToolChoiceKind.None => "none",
            ToolChoiceKind.Required => "any",
            ToolChoiceKind.Specific => "tool",
            _ => "auto",
        });
        if (choice.Kind == ToolChoiceKind.Specific)
        {
            json.WriteString("name", choice.Name);
        }

        if (disableParallel)
        {
            json.WriteBoolean("disable_parallel_tool_use", true);
        }

        json.WriteEndObject();
    }

    private static (long? Budget, bool Adaptive) Thinking(NeutralRequest request)
    {
        if (request.Reasoning is not { } reasoning)
        {
            return (null, false);
        }

        var budget = reasoning.BudgetTokens ?? (reasoning.Effort is { } effort ? ReasoningBudget.BudgetFor(effort) : null);
        if (budget is null)
        {
            return (null, reasoning.Adaptive);
        }

        if (request.MaxTokens is { } max && budget >= max)
        {
            budget = max - 1;
        }

        return budget >= ReasoningBudget.MinimumBudget ? (budget, false) : (null, false);
    }

    private static void WriteMessage(Utf8JsonWriter json, NeutralMessage message, RequestWriterContext context)
    {
        var blocks = new List<NeutralPart>();

        // Messages wants a user turn's tool_result blocks first.
        blocks.AddRange(message.Parts.Where(p => p is ToolResultPart));
        foreach (var part in message.Parts)
        {
            switch (part)
            {
                case ToolResultPart:
                    break;
                default:
                    blocks.Add(part);
                    break;
            }
        }

        if (blocks.Count == 0)
        {
            return;
        }

        json.WriteStartObject();
        json.WriteString("role", message.Role == NeutralRole.User ? "user" : "assistant");
        if (blocks is [TextPart only])
        {
            json.WriteString("content", only.Text);
        }
        else
        {
            json.WriteStartArray("content");
            foreach (var block in blocks)
            {
                WriteBlock(json, block, context);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static bool KeepReasoning(ReasoningPart reasoning, RequestWriterContext context)
    {
        if (reasoning.SourceApi == WireApi.Messages && (reasoning.RedactedData is not null || !string.IsNullOrEmpty(reasoning.Signature)))
        {
            return true;
        }

        return !context.Options.StripUnsignedThinking && reasoning.Text.Length > 0;
    }

    private static void WriteBlock(Utf8JsonWriter json, NeutralPart part, RequestWriterContext context)
    {
        json.WriteStartObject();
        switch (part)
        {
            case TextPart text:
                json.WriteString("type", "text");
                json.WriteString("text", text.Text);
                break;
            case ImagePart image:
                json.WriteString("type", "image");
                WriteSource(json, image.MediaType, image.Data, image.Url);
                break;
            case DocumentPart document:
                json.WriteString("type", "document");
                WriteSource(json, document.MediaType, document.Data, document.Url);
                RequestJsonWriter.OptionalString(json, "title", document.Title);
                break;
            case ToolCallPart call:
                json.WriteString("type", "tool_use");
                json.WriteString("id", call.Id);
                json.WriteString("name", call.Name);
                json.WritePropertyName("input");
                json.WriteRawValue(ToolInput(call, context), skipInputValidation: true);
                break;
            case ToolResultPart result:
                json.WriteString("type", "tool_result");
                json.WriteString("tool_use_id", result.CallId);
                if (result.Content is [TextPart only])
                {
                    json.WriteString("content", only.Text);
                }
                else if (result.Content.Count > 0)
                {
                    json.WriteStartArray("content");
                    foreach (var inner in result.Content)
                    {
                        WriteBlock(json, inner, context);
                    }

                    json.WriteEndArray();
                }

                if (result.IsError)
                {
                    json.WriteBoolean("is_error", true);
                }

                break;
            case ReasoningPart { SourceApi: WireApi.Messages, RedactedData: { } data }:
                json.WriteString("type", "redacted_thinking");
                json.WriteString("data", data);
                break;
            case ReasoningPart reasoning:
                json.WriteString("type", "thinking");
                json.WriteString("thinking", reasoning.Text);
                if (reasoning.SourceApi == WireApi.Messages && !string.IsNullOrEmpty(reasoning.Signature))
                {
                    json.WriteString("signature", reasoning.Signature);
                }

                break;
        }

        json.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter json, string? mediaType, string? data, string? url)
    {
        json.WriteStartObject("source");
        if (url is not null)
        {
            json.WriteString("type", "url");
            json.WriteString("url", url);
        }
        else
        {
            json.WriteString("type", "base64");
            json.WriteString("media_type", mediaType);
            json.WriteString("data", data);
        }

        json.WriteEndObject();
    }

    /// <summary>The arguments as a JSON object for <c>input</c>; empty means no arguments, anything else non-object is a 400.</summary>
    private static byte[] ToolInput(ToolCallPart call, RequestWriterContext context)
    {
        var bytes = Encoding.UTF8.GetBytes(call.ArgumentsJson);
        var trimmed = bytes.AsSpan().Trim(" \t\r\n"u8);
        if (trimmed.IsEmpty)
        {
            return "{}"u8.ToArray();
        }

        try
        {
            var reader = new Utf8JsonReader(trimmed);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                reader.Skip();
                if (!reader.Read())
                {
                    return trimmed.ToArray();
                }
            }
        }
        catch (JsonException)
        {
            // Falls through to the 400 below.
        }

        throw new RequestTranslationException(context.ConversationParam, $"The arguments of tool call {call.Id} are not a JSON object, so they cannot become a Messages tool_use input.");
    }
}

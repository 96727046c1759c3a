using System.Text;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Reads a Chat Completions request body into a <see cref="NeutralRequest"/>.
/// System and developer messages anywhere become the leading system text (local chat templates reject others).
/// Dropped as harmless: <c>store</c>, <c>metadata</c>, <c>service_tier</c>, <c>stream_options</c>,
/// <c>prompt_cache_key</c>, message <c>name</c>, assistant <c>reasoning_content</c>; dropped as sampling hints the
/// other APIs lack: <c>seed</c>, <c>frequency_penalty</c>, <c>presence_penalty</c>. Answered with 400 because they
/// change the answer: <c>n</c> &gt; 1, <c>logprobs</c>, <c>logit_bias</c>, audio, <c>prediction</c>,
/// <c>web_search_options</c>, legacy <c>functions</c>/<c>function_call</c>, non-function tools, file and audio parts.
/// </summary>
internal static class ChatRequestReader
{
    public static NeutralRequest Read(ReadOnlySpan<byte> body)
    {
        var root = RequestJson.Root(body);
        var request = new NeutralRequest();
        long? maxTokens = null, maxCompletionTokens = null;
        string? user = null, safetyIdentifier = null;
        HashSet<string>? allowedTools = null;
        foreach (var property in root.Properties())
        {
            var value = property.Value;
            if (property.NameEquals("messages"u8))
            {
                ReadMessages(value, request);
            }
            else if (property.NameEquals("tools"u8))
            {
                ReadTools(value, request);
            }
            else if (property.NameEquals("tool_choice"u8))
            {
                allowedTools = ReadToolChoice(value, request);
            }
            else if (property.NameEquals("parallel_tool_calls"u8))
            {
                request.ParallelToolCalls = value.GetBoolean();
            }
            else if (property.NameEquals("max_tokens"u8))
            {
                maxTokens = value.GetInt64();
            }
            else if (property.NameEquals("max_completion_tokens"u8))
            {
                maxCompletionTokens = value.GetInt64();
            }
            else if (property.NameEquals("temperature"u8))
            {
                request.Temperature = value.GetDouble();
            }
            else if (property.NameEquals("top_p"u8))
            {
                request.TopP = value.GetDouble();
            }
            else if (property.NameEquals("top_k"u8))
            {
                request.TopK = value.GetInt64();
            }
            else if (property.NameEquals("stop"u8))
            {
                RequestJson.AddStrings(value, request.Stop, "stop");
            }
            else if (property.NameEquals("reasoning_effort"u8))
            {
                var effort = value.GetString();
                request.Reasoning = effort is null ? null : new NeutralReasoning { Effort = effort };
            }
            else if (property.NameEquals("user"u8))
            {
                user = value.GetString();
            }
            else if (property.NameEquals("safety_identifier"u8))
            {
                safetyIdentifier = value.GetString();
            }
            else if (property.NameEquals("response_format"u8))
            {
                request.ResponseFormat = ReadResponseFormat(value);
            }
            else if (property.NameEquals("verbosity"u8))
            {
                request.Verbosity = value.GetString();
            }
            else if (property.NameEquals("stream"u8))
            {
                request.Stream = value.GetBoolean() == true;
            }
            else if (property.NameEquals("n"u8))
            {
                if (value.GetInt64() is > 1)
                {
                    throw new RequestTranslationException("n", "Only one choice (n = 1) can be produced by this model's upstream.");
                }
            }
            else if (property.NameEquals("logprobs"u8))
            {
                if (value.GetBoolean() == true)
                {
                    throw new RequestTranslationException("logprobs", "logprobs cannot be produced by this model's upstream.");
                }
            }
            else if (property.NameEquals("logit_bias"u8))
            {
                if (value.IsObject && value.Properties().MoveNext())
                {
                    throw new RequestTranslationException("logit_bias", "logit_bias cannot be applied by this model's upstream.");
                }
            }
            else if (property.NameEquals("audio"u8) || property.NameEquals("prediction"u8) || property.NameEquals("web_search_options"u8)
                || property.NameEquals("functions"u8) || property.NameEquals("function_call"u8))
            {
                if (!value.IsMissing)
                {
                    throw new RequestTranslationException(property.Name, $"{property.Name} cannot be carried to this model's upstream.");
                }
            }
            else if (property.NameEquals("modalities"u8))
            {
                foreach (var modality in value.Items())
                {
                    if (!modality.StringEquals("text"u8))
                    {
                        throw new RequestTranslationException("modalities", "Only text output can be produced by this model's upstream.");
                    }
                }
            }
        }

        request.MaxTokens = maxCompletionTokens ?? maxTokens;
        request.User = user ?? safetyIdentifier;
        if (allowedTools is not null)
        {
            RequestJson.FilterTools(request, allowedTools);
        }

        return request;
    }

    private static void ReadMessages(RawJson messages, NeutralRequest request)
    {
        if (!messages.IsArray)
        {
            throw new RequestTranslationException("messages", "messages must be an array.");
        }

        foreach (var message in messages.Items())
        {
            var role = message["role"u8];
            var content = message["content"u8];
            if (role.StringEquals("system"u8) || role.StringEquals("developer"u8))
            {
                var text = RequestJson.JoinText(content, "messages");
                if (text.Length > 0)
                {
                    request.System.Add(text);
                }
            }
            else if (role.StringEquals("user"u8))
            {
                ReadUserContent(content, request.Turn(NeutralRole.User).Parts);
            }
            else if (role.StringEquals("assistant"u8))
            {
                ReadAssistant(message, request.Turn(NeutralRole.Assistant).Parts);
            }
            else if (role.StringEquals("tool"u8))
            {
                var result = new ToolResultPart(message["tool_call_id"u8].GetString() ?? string.Empty);
                result.Content.Add(new TextPart(RequestJson.JoinText(content, "messages")));
                request.Turn(NeutralRole.User).Parts.Add(result);
            }
            else
            {
                throw new RequestTranslationException("messages", $"Messages with role {Encoding.UTF8.GetString(role.Value)} cannot be translated for this upstream.");
            }
        }
    }

    private static void ReadUserContent(RawJson content, List<NeutralPart> parts)
    {
        if (content.IsString)
        {
            parts.Add(new TextPart(content.GetString()!));
            return;
        }

        foreach (var part in content.Items())
        {
            var type = part["type"u8];
            if (type.StringEquals("text"u8))
            {
                parts.Add(new TextPart(part["text"u8].GetString() ?? string.Empty));
            }
            else if (type.StringEquals("image_url"u8))
            {
                var image = part["image_url"u8];
                var url = image.IsString ? image.GetString() : image["url"u8].GetString();
                parts.Add(ImagePart.FromUrl(url ?? string.Empty, image["detail"u8].GetString()));
            }
            else
            {
                throw new RequestTranslationException("messages", $"Content parts of type {type.GetString() ?? "(none)"} cannot be translated for this upstream.");
            }
        }
    }

    private static void ReadAssistant(RawJson message, List<NeutralPart> parts)
    {
        var content = message["content"u8];
        if (content.IsString)
        {
            var text = content.GetString()!;
            if (text.Length > 0)
            {
                parts.Add(new TextPart(text));
            }
        }
        else if (content.IsArray)
        {
            foreach (var part in content.Items())
            {
                var text = part["type"u8].StringEquals("refusal"u8) ? part["refusal"u8].GetString() : part["text"u8].GetString();
                if (!string.IsNullOrEmpty(text))
                {
                    parts.Add(new TextPart(text));
                }
            }
        }

        var refusal = message["refusal"u8].GetString();
        if (!string.IsNullOrEmpty(refusal))
        {
            parts.Add(new TextPart(refusal));
        }

        if (!message["function_call"u8].IsMissing)
        {
            throw new RequestTranslationException("messages", "Legacy function_call messages cannot be translated; use tool_calls.");
        }

        foreach (var call in message["tool_calls"u8].Items())
        {
            var type = call["type"u8];
            if (!type.IsMissing && !type.StringEquals("function"u8))
            {
                throw new RequestTranslationException("messages", $"Tool calls of type {type.GetString()} cannot be translated for this upstream.");
            }

            var function = call["function"u8];
            parts.Add(new ToolCallPart(call["id"u8].GetString() ?? string.Empty, function["name"u8].GetString() ?? string.Empty, function["arguments"u8].GetString() ?? string.Empty));
        }
    }

    private static void ReadTools(RawJson tools, NeutralRequest request)
    {
        foreach (var tool in tools.Items())
        {
            if (!tool["type"u8].StringEquals("function"u8))
            {
                throw new RequestTranslationException("tools", $"Tools of type {tool["type"u8].GetString() ?? "(none)"} cannot be used with this model's upstream.");
            }

            var function = tool["function"u8];
            var parameters = function["parameters"u8];
            request.Tools.Add(new NeutralTool(function["name"u8].GetString() ?? string.Empty)
            {
                Description = function["description"u8].GetString(),
                ParametersJson = parameters.IsMissing ? null : parameters.ToArray(),
                Strict = function["strict"u8].GetBoolean(),
            });
        }
    }

    /// <returns>The names an <c>allowed_tools</c> choice keeps, or null.</returns>
    private static HashSet<string>? ReadToolChoice(RawJson choice, NeutralRequest request)
    {
        if (choice.IsMissing)
        {
            return null;
        }

        if (choice.IsString)
        {
            request.ToolChoice = ToolChoiceWord(choice, "tool_choice");
            return null;
        }

        var type = choice["type"u8];
        if (type.StringEquals("function"u8))
        {
            request.ToolChoice = new NeutralToolChoice(ToolChoiceKind.Specific, choice["function"u8]["name"u8].GetString());
            return null;
        }

        if (type.StringEquals("allowed_tools"u8))
        {
            var allowed = choice["allowed_tools"u8];
            request.ToolChoice = ToolChoiceWord(allowed["mode"u8], "tool_choice");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in allowed["tools"u8].Items())
            {
                names.Add(tool["function"u8]["name"u8].GetString() ?? string.Empty);
            }

            return names;
        }

        throw new RequestTranslationException("tool_choice", $"tool_choice of type {type.GetString() ?? "(none)"} cannot be translated for this upstream.");
    }

    internal static NeutralToolChoice ToolChoiceWord(RawJson word, string param) =>
        word.StringEquals("auto"u8) ? new NeutralToolChoice(ToolChoiceKind.Auto)
        : word.StringEquals("none"u8) ? new NeutralToolChoice(ToolChoiceKind.None)
        : word.StringEquals("required"u8) ? new NeutralToolChoice(ToolChoiceKind.Required)
        : throw new RequestTranslationException(param, $"Unknown tool_choice {word.GetString() ?? "(none)"}.");

    private static NeutralResponseFormat? ReadResponseFormat(RawJson format)
    {
        if (format.IsMissing)
        {
            return null;
        }

        var type = format["type"u8].GetString() ?? "text";
        if (type != "json_schema")
        {
            return new NeutralResponseFormat(type);
        }

        var schema = format["json_schema"u8];
        return new NeutralResponseFormat(type)
        {
            Name = schema["name"u8].GetString(),
            Description = schema["description"u8].GetString(),
            SchemaJson = schema["schema"u8].IsMissing ? null : schema["schema"u8].ToArray(),
            Strict = schema["strict"u8].GetBoolean(),
        };
    }
}

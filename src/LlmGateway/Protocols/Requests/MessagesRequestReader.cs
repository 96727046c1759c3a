using System.Text;

namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Reads an Anthropic Messages request body into a <see cref="NeutralRequest"/>.
/// Dropped as harmless: <c>service_tier</c>, <c>container</c>, <c>context_management</c>, <c>cache_control</c>,
/// text <c>citations</c>, and the history blocks of Anthropic-hosted tools (<c>server_tool_use</c>, <c>mcp_tool_use</c>,
/// <c>*_tool_result</c>), which no other API can replay. Unknown top-level fields are dropped too.
/// </summary>
internal static class MessagesRequestReader
{
    public static NeutralRequest Read(ReadOnlySpan<byte> body)
    {
        var root = RequestJson.Root(body);
        var request = new NeutralRequest();
        long? budget = null;
        var adaptive = false;
        string? effort = null;
        foreach (var property in root.Properties())
        {
            var value = property.Value;
            if (property.NameEquals("system"u8))
            {
                AddSystem(value, request, "system");
            }
            else if (property.NameEquals("messages"u8))
            {
                ReadMessages(value, request);
            }
            else if (property.NameEquals("max_tokens"u8))
            {
                request.MaxTokens = value.GetInt64();
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
            else if (property.NameEquals("stop_sequences"u8))
            {
                RequestJson.AddStrings(value, request.Stop, "stop_sequences");
            }
            else if (property.NameEquals("stream"u8))
            {
                request.Stream = value.GetBoolean() == true;
            }
            else if (property.NameEquals("tools"u8))
            {
                ReadTools(value, request);
            }
            else if (property.NameEquals("tool_choice"u8))
            {
                ReadToolChoice(value, request);
            }
            else if (property.NameEquals("thinking"u8))
            {
                var type = value["type"u8];
                if (type.StringEquals("enabled"u8))
                {
                    budget = value["budget_tokens"u8].GetInt64();
                }
                else if (type.StringEquals("adaptive"u8))
                {
                    adaptive = true;
                }
            }
            else if (property.NameEquals("output_config"u8))
            {
                effort = value["effort"u8].GetString();
                var format = value["format"u8];
                if (format["type"u8].StringEquals("json_schema"u8))
                {
                    request.ResponseFormat = new NeutralResponseFormat("json_schema") { Name = "response", SchemaJson = format["schema"u8].IsMissing ? null : format["schema"u8].ToArray() };
                }
            }
            else if (property.NameEquals("metadata"u8))
            {
                request.User = value["user_id"u8].GetString();
            }
            else if (property.NameEquals("mcp_servers"u8))
            {
                if (value.IsArray && value.Items().MoveNext())
                {
                    throw new RequestTranslationException("mcp_servers", "MCP servers run inside Anthropic's API; they cannot be used with this model's upstream.");
                }
            }
        }

        if (budget is not null || adaptive || effort is not null)
        {
            request.Reasoning = new NeutralReasoning { BudgetTokens = budget, Adaptive = adaptive && budget is null, Effort = effort };
        }

        return request;
    }

    private static void AddSystem(RawJson value, NeutralRequest request, string param)
    {
        var text = RequestJson.JoinText(value, param);
        if (text.Length > 0)
        {
            request.System.Add(text);
        }
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
            if (role.StringEquals("system"u8))
            {
                AddSystem(content, request, "messages");
                continue;
            }

            var turnRole = role.StringEquals("user"u8) ? NeutralRole.User
                : role.StringEquals("assistant"u8) ? NeutralRole.Assistant
                : throw new RequestTranslationException("messages", $"Unknown message role {Encoding.UTF8.GetString(role.Value)}.");
            var parts = request.Turn(turnRole).Parts;
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
                foreach (var block in content.Items())
                {
                    ReadBlock(block, parts);
                }
            }
            else
            {
                throw new RequestTranslationException("messages", "Message content must be a string or an array of content blocks.");
            }
        }
    }

    private static void ReadBlock(RawJson block, List<NeutralPart> parts)
    {
        var type = block["type"u8];
        if (type.StringEquals("text"u8))
        {
            parts.Add(new TextPart(block["text"u8].GetString() ?? string.Empty));
        }
        else if (type.StringEquals("image"u8))
        {
            parts.Add(ReadImage(block["source"u8]));
        }
        else if (type.StringEquals("document"u8))
        {
            ReadDocument(block, parts);
        }
        else if (type.StringEquals("tool_use"u8))
        {
            var input = block["input"u8];
            parts.Add(new ToolCallPart(
                block["id"u8].GetString() ?? string.Empty,
                block["name"u8].GetString() ?? string.Empty,
                input.IsMissing ? "{}" : Encoding.UTF8.GetString(input.Value)));
        }
        else if (type.StringEquals("tool_result"u8))
        {
            var result = new ToolResultPart(block["tool_use_id"u8].GetString() ?? string.Empty) { IsError = block["is_error"u8].GetBoolean() == true };
            var content = block["content"u8];
            if (content.IsString)
            {
                result.Content.Add(new TextPart(content.GetString()!));
            }
            else if (content.IsArray)
            {
                foreach (var inner in content.Items())
                {
                    var innerType = inner["type"u8];
                    if (innerType.StringEquals("text"u8))
                    {
                        result.Content.Add(new TextPart(inner["text"u8].GetString() ?? string.Empty));
                    }
                    else if (innerType.StringEquals("image"u8))
                    {
                        result.Content.Add(ReadImage(inner["source"u8]));
                    }
                    else
                    {
                        throw new RequestTranslationException("messages", $"tool_result content of type {TypeName(innerType)} cannot be translated for this upstream.");
                    }
                }
            }

            parts.Add(result);
        }
        else if (type.StringEquals("thinking"u8))
        {
            parts.Add(new ReasoningPart { SourceApi = WireApi.Messages, Text = block["thinking"u8].GetString() ?? string.Empty, Signature = block["signature"u8].GetString() });
        }
        else if (type.StringEquals("redacted_thinking"u8))
        {
            parts.Add(new ReasoningPart { SourceApi = WireApi.Messages, RedactedData = block["data"u8].GetString() });
        }
        else if (type.StringEquals("server_tool_use"u8) || type.StringEquals("mcp_tool_use"u8) || (type.IsString && type.Value.EndsWith("_tool_result\""u8)))
        {
            // History of a tool Anthropic ran itself: nothing another API could replay, and the text around it stays.
        }
        else
        {
            throw new RequestTranslationException("messages", $"Content blocks of type {TypeName(type)} cannot be translated for this upstream.");
        }
    }

    private static ImagePart ReadImage(RawJson source)
    {
        var type = source["type"u8];
        if (type.StringEquals("base64"u8))
        {
            return new ImagePart { MediaType = source["media_type"u8].GetString(), Data = source["data"u8].GetString() };
        }

        if (type.StringEquals("url"u8))
        {
            return new ImagePart { Url = source["url"u8].GetString() };
        }

        throw new RequestTranslationException("messages", $"Image sources of type {TypeName(type)} (Anthropic Files API) cannot be translated for this upstream.");
    }

    private static void ReadDocument(RawJson block, List<NeutralPart> parts)
    {
        var source = block["source"u8];
        var type = source["type"u8];
        var title = block["title"u8].GetString();
        if (type.StringEquals("text"u8))
        {
            parts.Add(new TextPart(source["data"u8].GetString() ?? string.Empty));
        }
        else if (type.StringEquals("content"u8))
        {
            var content = source["content"u8];
            if (content.IsString)
            {
                parts.Add(new TextPart(content.GetString()!));
            }
            else
            {
                foreach (var inner in content.Items())
                {
                    ReadBlock(inner, parts);
                }
            }
        }
        else if (type.StringEquals("base64"u8))
        {
            parts.Add(new DocumentPart { MediaType = source["media_type"u8].GetString(), Data = source["data"u8].GetString(), Title = title });
        }
        else if (type.StringEquals("url"u8))
        {
            parts.Add(new DocumentPart { MediaType = "application/pdf", Url = source["url"u8].GetString(), Title = title });
        }
        else
        {
            throw new RequestTranslationException("messages", $"Document sources of type {TypeName(type)} (Anthropic Files API) cannot be translated for this upstream.");
        }
    }

    private static void ReadTools(RawJson tools, NeutralRequest request)
    {
        foreach (var tool in tools.Items())
        {
            var type = tool["type"u8];
            if (!type.IsMissing && !type.StringEquals("custom"u8))
            {
                throw new RequestTranslationException("tools", $"Tool type {TypeName(type)} is run by Anthropic's API itself; this model's upstream cannot run it.");
            }

            var schema = tool["input_schema"u8];
            request.Tools.Add(new NeutralTool(tool["name"u8].GetString() ?? string.Empty)
            {
                Description = tool["description"u8].GetString(),
                ParametersJson = schema.IsMissing ? null : schema.ToArray(),
                Strict = tool["strict"u8].GetBoolean(),
            });
        }
    }

    private static void ReadToolChoice(RawJson choice, NeutralRequest request)
    {
        if (choice.IsMissing)
        {
            return;
        }

        var type = choice["type"u8];
        request.ToolChoice = type.StringEquals("auto"u8) ? new NeutralToolChoice(ToolChoiceKind.Auto)
            : type.StringEquals("any"u8) ? new NeutralToolChoice(ToolChoiceKind.Required)
            : type.StringEquals("none"u8) ? new NeutralToolChoice(ToolChoiceKind.None)
            : type.StringEquals("tool"u8) ? new NeutralToolChoice(ToolChoiceKind.Specific, choice["name"u8].GetString())
            : throw new RequestTranslationException("tool_choice", $"Unknown tool_choice type {TypeName(type)}.");
        if (choice["disable_parallel_tool_use"u8].GetBoolean() == true)
        {
            request.ParallelToolCalls = false;
        }
    }

    private static string TypeName(RawJson type) => type.GetString() ?? "(none)";
}

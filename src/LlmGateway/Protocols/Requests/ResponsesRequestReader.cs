namespace LlmGateway.Protocols.Requests;

/// <summary>
/// Reads an OpenAI Responses request body into a <see cref="NeutralRequest"/>.
/// Dropped as harmless: <c>store</c>, <c>include</c>, <c>truncation</c>, <c>service_tier</c>, <c>prompt_cache_key</c>,
/// <c>prompt_cache_retention</c>, <c>metadata</c>, <c>top_logprobs</c>, <c>stream_options</c>, <c>max_tool_calls</c>
/// (it limits hosted tools, which are refused anyway), item <c>id</c>/<c>status</c>. Answered with 400 because a
/// stateless upstream cannot honour them: <c>previous_response_id</c>, <c>conversation</c>, <c>prompt</c>,
/// <c>background:true</c>, <c>item_reference</c> items, file inputs, hosted and custom tools.
/// </summary>
internal static class ResponsesRequestReader
{
    public static NeutralRequest Read(ReadOnlySpan<byte> body)
    {
        var root = RequestJson.Root(body);
        var request = new NeutralRequest();
        string? instructions = null, user = null, safetyIdentifier = null;
        HashSet<string>? allowedTools = null;
        foreach (var property in root.Properties())
        {
            var value = property.Value;
            if (property.NameEquals("input"u8))
            {
                ReadInput(value, request);
            }
            else if (property.NameEquals("instructions"u8))
            {
                instructions = RequestJson.JoinText(value, "instructions");
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
            else if (property.NameEquals("max_output_tokens"u8))
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
            else if (property.NameEquals("user"u8))
            {
                user = value.GetString();
            }
            else if (property.NameEquals("safety_identifier"u8))
            {
                safetyIdentifier = value.GetString();
            }
            else if (property.NameEquals("reasoning"u8))
            {
                var effort = value["effort"u8].GetString();
                var summary = value["summary"u8].GetString() ?? value["generate_summary"u8].GetString();
                request.Reasoning = effort is null && summary is null ? null : new NeutralReasoning { Effort = effort, Summary = summary };
            }
            else if (property.NameEquals("text"u8))
            {
                request.ResponseFormat = ReadFormat(value["format"u8]);
                request.Verbosity = value["verbosity"u8].GetString();
            }
            else if (property.NameEquals("stream"u8))
            {
                request.Stream = value.GetBoolean() == true;
            }
            else if (property.NameEquals("previous_response_id"u8))
            {
                if (!value.IsMissing)
                {
                    throw new RequestTranslationException(
                        "previous_response_id",
                        "previous_response_id is not supported for this model: the gateway keeps no response store, so send the whole conversation in input (store: false).",
                        "previous_response_not_found");
                }
            }
            else if (property.NameEquals("conversation"u8) || property.NameEquals("prompt"u8))
            {
                if (!value.IsMissing)
                {
                    throw new RequestTranslationException(property.Name, $"{property.Name} refers to state stored by OpenAI; it is not supported for this model, which has no such store.");
                }
            }
            else if (property.NameEquals("background"u8))
            {
                if (value.GetBoolean() == true)
                {
                    throw new RequestTranslationException("background", "Background responses are not supported for this model.");
                }
            }
        }

        if (!string.IsNullOrEmpty(instructions))
        {
            request.System.Insert(0, instructions);
        }

        request.User = user ?? safetyIdentifier;
        if (allowedTools is not null)
        {
            RequestJson.FilterTools(request, allowedTools);
        }

        return request;
    }

    private static void ReadInput(RawJson input, NeutralRequest request)
    {
        if (input.IsString)
        {
            request.Turn(NeutralRole.User).Parts.Add(new TextPart(input.GetString()!));
            return;
        }

        if (!input.IsArray)
        {
            throw new RequestTranslationException("input", "input must be a string or an array of items.");
        }

        foreach (var item in input.Items())
        {
            var type = item["type"u8];
            if (type.StringEquals("message"u8) || (type.IsMissing && item["role"u8].Exists))
            {
                ReadMessage(item, request);
            }
            else if (type.StringEquals("function_call"u8))
            {
                request.Turn(NeutralRole.Assistant).Parts.Add(new ToolCallPart(
                    item["call_id"u8].GetString() ?? string.Empty,
                    item["name"u8].GetString() ?? string.Empty,
                    item["arguments"u8].GetString() ?? string.Empty));
            }
            else if (type.StringEquals("function_call_output"u8))
            {
                var result = new ToolResultPart(item["call_id"u8].GetString() ?? string.Empty);
                var output = item["output"u8];
                if (output.IsString)
                {
                    result.Content.Add(new TextPart(output.GetString()!));
                }
                else
                {
                    ReadParts(output, result.Content);
                }

                request.Turn(NeutralRole.User).Parts.Add(result);
            }
            else if (type.StringEquals("reasoning"u8))
            {
                var summary = new List<string>();
                foreach (var part in item["summary"u8].Items())
                {
                    summary.Add(part["text"u8].GetString() ?? string.Empty);
                }

                request.Turn(NeutralRole.Assistant).Parts.Add(new ReasoningPart
                {
                    SourceApi = WireApi.Responses,
                    Id = item["id"u8].GetString(),
                    Text = string.Join("\n\n", summary),
                    Signature = item["encrypted_content"u8].GetString(),
                });
            }
            else if (type.StringEquals("item_reference"u8))
            {
                throw new RequestTranslationException("input", "item_reference items need a response store, which this model does not have; send the items themselves.");
            }
            else
            {
                throw new RequestTranslationException("input", $"Input items of type {type.GetString() ?? "(none)"} cannot be translated for this model's upstream.");
            }
        }
    }

    private static void ReadMessage(RawJson item, NeutralRequest request)
    {
        var role = item["role"u8];
        var content = item["content"u8];
        if (role.StringEquals("system"u8) || role.StringEquals("developer"u8))
        {
            var text = RequestJson.JoinText(content, "input");
            if (text.Length > 0)
            {
                request.System.Add(text);
            }

            return;
        }

        var turnRole = role.StringEquals("user"u8) ? NeutralRole.User
            : role.StringEquals("assistant"u8) ? NeutralRole.Assistant
            : throw new RequestTranslationException("input", $"Unknown message role {role.GetString() ?? "(none)"}.");
        var parts = request.Turn(turnRole).Parts;
        if (content.IsString)
        {
            parts.Add(new TextPart(content.GetString()!));
        }
        else
        {
            ReadParts(content, parts);
        }
    }

    private static void ReadParts(RawJson content, List<NeutralPart> parts)
    {
        foreach (var part in content.Items())
        {
            var type = part["type"u8];
            if (type.StringEquals("input_text"u8) || type.StringEquals("output_text"u8) || type.StringEquals("text"u8))
            {
                parts.Add(new TextPart(part["text"u8].GetString() ?? string.Empty));
            }
            else if (type.StringEquals("refusal"u8))
            {
                parts.Add(new TextPart(part["refusal"u8].GetString() ?? string.Empty));
            }
            else if (type.StringEquals("input_image"u8))
            {
                var url = part["image_url"u8].GetString()
                    ?? throw new RequestTranslationException("input", "Images given by file_id need OpenAI's file store; send image_url instead.");
                parts.Add(ImagePart.FromUrl(url, part["detail"u8].GetString()));
            }
            else if (type.StringEquals("input_file"u8))
            {
                throw new RequestTranslationException("input", "input_file parts cannot be translated for this model's upstream.");
            }
            else
            {
                throw new RequestTranslationException("input", $"Content parts of type {type.GetString() ?? "(none)"} cannot be translated for this model's upstream.");
            }
        }
    }

    private static void ReadTools(RawJson tools, NeutralRequest request)
    {
        foreach (var tool in tools.Items())
        {
            if (!tool["type"u8].StringEquals("function"u8))
            {
                throw new RequestTranslationException("tools", $"Tool type {tool["type"u8].GetString() ?? "(none)"} is hosted by OpenAI; this model's upstream cannot run it.");
            }

            var parameters = tool["parameters"u8];
            request.Tools.Add(new NeutralTool(tool["name"u8].GetString() ?? string.Empty)
            {
                Description = tool["description"u8].GetString(),
                ParametersJson = parameters.IsMissing ? null : parameters.ToArray(),
                Strict = tool["strict"u8].GetBoolean(),
            });
        }
    }

    private static HashSet<string>? ReadToolChoice(RawJson choice, NeutralRequest request)
    {
        if (choice.IsMissing)
        {
            return null;
        }

        if (choice.IsString)
        {
            request.ToolChoice = ChatRequestReader.ToolChoiceWord(choice, "tool_choice");
            return null;
        }

        var type = choice["type"u8];
        if (type.StringEquals("function"u8))
        {
            request.ToolChoice = new NeutralToolChoice(ToolChoiceKind.Specific, choice["name"u8].GetString());
            return null;
        }

        if (type.StringEquals("allowed_tools"u8))
        {
            request.ToolChoice = ChatRequestReader.ToolChoiceWord(choice["mode"u8], "tool_choice");
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tool in choice["tools"u8].Items())
            {
                names.Add(tool["name"u8].GetString() ?? string.Empty);
            }

            return names;
        }

        throw new RequestTranslationException("tool_choice", $"tool_choice of type {type.GetString() ?? "(none)"} names a tool this model's upstream cannot run.");
    }

    private static NeutralResponseFormat? ReadFormat(RawJson format)
    {
        if (format.IsMissing)
        {
            return null;
        }

        var type = format["type"u8].GetString() ?? "text";
        var schema = format["schema"u8];
        return type != "json_schema" ? new NeutralResponseFormat(type) : new NeutralResponseFormat(type)
        {
            Name = format["name"u8].GetString(),
            Description = format["description"u8].GetString(),
            SchemaJson = schema.IsMissing ? null : schema.ToArray(),
            Strict = format["strict"u8].GetBoolean(),
        };
    }
}

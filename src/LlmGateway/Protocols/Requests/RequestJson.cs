namespace LlmGateway.Protocols.Requests;

/// <summary>Reading steps the three request readers share.</summary>
internal static class RequestJson
{
    /// <summary>The body's top-level object; a body that is not one is a 400 without a param.</summary>
    public static RawJson Root(ReadOnlySpan<byte> body)
    {
        var root = RawJson.Parse(body);
        return root.IsObject ? root : throw new RequestTranslationException(null, "The request body must be a JSON object.");
    }

    /// <summary>A string, or the texts of an array of <c>{type:"text"|"input_text"|"output_text", text}</c> parts, joined with blank lines.</summary>
    public static string JoinText(RawJson value, string param)
    {
        if (value.IsMissing)
        {
            return string.Empty;
        }

        if (value.IsString)
        {
            return value.GetString()!;
        }

        if (!value.IsArray)
        {
            throw new RequestTranslationException(param, "Expected a string or an array of text parts.");
        }

        var texts = new List<string>();
        foreach (var part in value.Items())
        {
            var type = part["type"u8];
            if (part.IsString)
            {
                texts.Add(part.GetString()!);
            }
            else if (type.StringEquals("text"u8) || type.StringEquals("input_text"u8) || type.StringEquals("output_text"u8))
            {
                texts.Add(part["text"u8].GetString() ?? string.Empty);
            }
            else
            {
                throw new RequestTranslationException(param, $"Only text parts are allowed here, not {type.GetString() ?? "(none)"}.");
            }
        }

        return string.Join("\n\n", texts);
    }

    /// <summary>A string or an array of strings.</summary>
    public static void AddStrings(RawJson value, List<string> target, string param)
    {
        // Empty strings stop nothing; keeping them would only trip APIs without stop sequences.
        if (value.IsString)
        {
            AddNonEmpty(target, value.GetString()!);
        }
        else if (value.IsArray)
        {
            foreach (var item in value.Items())
            {
                AddNonEmpty(target, item.GetString() ?? throw new RequestTranslationException(param, "Expected strings."));
            }
        }
        else if (!value.IsMissing)
        {
            throw new RequestTranslationException(param, "Expected a string or an array of strings.");
        }
    }

    private static void AddNonEmpty(List<string> target, string value)
    {
        if (value.Length > 0)
        {
            target.Add(value);
        }
    }

    /// <summary>Keeps only the tools an <c>allowed_tools</c> choice names (the closest portable meaning).</summary>
    public static void FilterTools(NeutralRequest request, HashSet<string> allowed) =>
        request.Tools.RemoveAll(t => !allowed.Contains(t.Name));
}

namespace LlmGateway.Protocols.Requests;

/// <summary>An image, either inline (<see cref="MediaType"/> + base64 <see cref="Data"/>) or by <see cref="Url"/>.</summary>
public sealed class ImagePart : NeutralPart
{
    public string? MediaType { get; init; }

    /// <summary>Base64 bytes, without the <c>data:</c> prefix.</summary>
    public string? Data { get; init; }

    public string? Url { get; init; }

    /// <summary>OpenAI <c>detail</c> (<c>auto</c>/<c>low</c>/<c>high</c>); Messages has no such knob.</summary>
    public string? Detail { get; init; }

    /// <summary>The URL an OpenAI API takes: the URL itself, or a data URL built from the inline bytes.</summary>
    public string ToUrl() => Url ?? $"data:{MediaType};base64,{Data}";

    /// <summary>Reads an OpenAI image URL, splitting a base64 data URL into media type and data.</summary>
    public static ImagePart FromUrl(string url, string? detail)
    {
        const string Marker = ";base64,";
        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var marker = url.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
            if (marker > 5)
            {
                return new ImagePart { MediaType = url[5..marker], Data = url[(marker + Marker.Length)..], Detail = detail };
            }
        }

        return new ImagePart { Url = url, Detail = detail };
    }
}

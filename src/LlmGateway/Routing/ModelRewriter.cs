using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmGateway.Routing;

/// <summary>Replaces the top-level <c>model</c> value of a request body, leaving every other byte as the client sent it.</summary>
internal static class ModelRewriter
{
    public static byte[] Rewrite(ReadOnlySpan<byte> body, ModelRequest request, string model)
    {
        ArgumentNullException.ThrowIfNull(model);

        // Relaxed escaping keeps names like "org/model+v2" readable; the result is still valid JSON (it is never HTML).
        var encoded = JsonEncodedText.Encode(model, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).EncodedUtf8Bytes;
        var tokenEnd = request.ModelTokenStart + request.ModelTokenLength;
        var result = new byte[body.Length - request.ModelTokenLength + encoded.Length + 2];

        body[..request.ModelTokenStart].CopyTo(result);
        var position = request.ModelTokenStart;
        result[position++] = (byte)'"';
        encoded.CopyTo(result.AsSpan(position));
        position += encoded.Length;
        result[position++] = (byte)'"';
        body[tokenEnd..].CopyTo(result.AsSpan(position));
        return result;
    }
}

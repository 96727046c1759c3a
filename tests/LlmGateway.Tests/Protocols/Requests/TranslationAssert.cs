using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LlmGateway.Protocols;
using LlmGateway.Protocols.Requests;

namespace LlmGateway.Tests.Protocols.Requests;

/// <summary>Runs a translation and compares JSON trees, so property order and whitespace do not matter.</summary>
internal static class TranslationAssert
{
    public const string UpstreamModel = "upstream-model";

    public static string Translate(WireApi client, WireApi upstream, string body, bool stripUnsignedThinking = true) =>
        Encoding.UTF8.GetString(RequestTranslator.Translate(client, upstream, Encoding.UTF8.GetBytes(body), new RequestTranslationOptions { UpstreamModel = UpstreamModel, StripUnsignedThinking = stripUnsignedThinking }));

    /// <summary>Fills a <c>%name%</c> placeholder (JSON braces make interpolated raw strings awkward).</summary>
    public static string With(this string template, string name, object? value) =>
        template.Replace($"%{name}%", Convert.ToString(value, CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public static void JsonEqual(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode), $"expected:\n{expectedNode?.ToJsonString()}\nactual:\n{actualNode?.ToJsonString()}");
    }

    public static void Translates(WireApi client, WireApi upstream, string body, string expected) =>
        JsonEqual(expected, Translate(client, upstream, body));

    public static RequestTranslationException Rejects(WireApi client, WireApi upstream, string body, string? param)
    {
        var e = Assert.Throws<RequestTranslationException>(() => Translate(client, upstream, body));
        Assert.Equal(param, e.Param);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        return e;
    }
}

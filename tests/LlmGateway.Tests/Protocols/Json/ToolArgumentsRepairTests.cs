using System.Text.Json;
using System.Text.Json.Nodes;
using LlmGateway.Protocols.Json;

namespace LlmGateway.Tests.Protocols.Json;

public sealed class ToolArgumentsRepairTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t ")]
    public void Repair_Empty_IsEmptyObject(string arguments)
    {
        Assert.Equal("{}", Repair(arguments, out _));
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("{}")]
    [InlineData("{\"q\":\"say \\\"hi\\\" \\\\ ✓ \\u00e9\",\"n\":[1,{\"b\":null}]}")]
    [InlineData(" {\"a\": 1} ")]
    public void Repair_OneValidObject_IsUnchanged(string arguments)
    {
        var repaired = Repair(arguments, out var wasRepaired);
        Assert.False(wasRepaired);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(arguments), JsonNode.Parse(repaired)));
    }

    [Theory]
    [InlineData("{\"a\":1}{\"a\":1}", "{\"a\":1}")]
    [InlineData("{\"a\":1} {\"a\":1}", "{\"a\":1}")]
    [InlineData("{{\"a\":1}", "{\"a\":1}")]
    [InlineData("code\": \"uptime\"}", "{\"code\":\"uptime\"}")]
    [InlineData("\"code\": \"uptime\"}", "{\"code\":\"uptime\"}")]
    [InlineData("{\"city\":\"Paris\"}{\"city\":\"Par", "{\"city\":\"Paris\"}")]
    public void Repair_Damaged_IsOneObject(string arguments, string expected)
    {
        var repaired = Repair(arguments, out var wasRepaired);
        Assert.True(wasRepaired);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(repaired)), $"got {repaired}");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    [InlineData("{\"a\":")]
    [InlineData("}{")]
    public void Repair_Garbage_IsEmptyObject(string arguments)
    {
        var repaired = Repair(arguments, out var wasRepaired);
        Assert.True(wasRepaired);
        Assert.Equal("{}", repaired);
    }

    [Fact]
    public void Repair_Output_IsEscapedStringContent()
    {
        // Input and output are JSON string content (escaped), as they sit inside "partial_json":"…".
        var escaped = JsonEncodedText.Encode("{\"a\":\"x\\\"y\"}{\"a\":1}").EncodedUtf8Bytes;
        var repaired = ToolArgumentsRepair.Repair(escaped, out _);
        var unescaped = JsonSerializer.Deserialize<string>("\"" + System.Text.Encoding.UTF8.GetString(repaired) + "\"")!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("{\"a\":\"x\\\"y\"}"), JsonNode.Parse(unescaped)), unescaped);
    }

    /// <summary>Escapes plain arguments, repairs them and returns the plain repaired text.</summary>
    private static string Repair(string arguments, out bool repaired)
    {
        var escaped = JsonEncodedText.Encode(arguments).EncodedUtf8Bytes;
        var result = ToolArgumentsRepair.Repair(escaped, out repaired);
        return JsonSerializer.Deserialize<string>("\"" + System.Text.Encoding.UTF8.GetString(result) + "\"")!;
    }
}

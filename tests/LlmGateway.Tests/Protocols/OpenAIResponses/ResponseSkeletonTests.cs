using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmGateway.Protocols.OpenAIResponses;

namespace LlmGateway.Tests.Protocols.OpenAIResponses;

public sealed class ResponseSkeletonTests
{
    [Fact]
    public void WriteTo_EchoesTheRequestFields_AndLeavesWhatTheEncoderWritesItself()
    {
        var skeleton = ResponseSkeleton.Read("""
            {"id":"resp_1","object":"response","created_at":1,"status":"in_progress","model":"m","output":[{"x":1}],
             "usage":null,"error":null,"incomplete_details":null,"output_text":"t",
             "temperature":0.5,"instructions":"say \"hi\" \u00e9","text":{"format":{"type":"text"}},"na\u006de":[1, 2],
             "tool_choice":{"type":"function","name":"f"},"user":null}
            """u8);

        Assert.Equal(
            """{"temperature":0.5,"instructions":"say \"hi\" \u00e9","text":{"format":{"type":"text"}},"name":[1, 2],"tool_choice":{"type":"function","name":"f"},"user":null,"parallel_tool_calls":true,"tools":[],"metadata":{}}""",
            Write(skeleton));
    }

    [Fact]
    public void WriteTo_NullForWhatTheSdkRequires_IsReplacedByTheDefault()
    {
        var skeleton = ResponseSkeleton.Read("""{"parallel_tool_calls":null,"tools":null,"metadata":null,"tool_choice":"none"}"""u8);

        Assert.Equal("""{"tool_choice":"none","parallel_tool_calls":true,"tools":[],"metadata":{}}""", Write(skeleton));
    }

    [Fact]
    public void WriteTo_KeepsTheSkeletonsOwnValuesOfTheRequiredFields()
    {
        var skeleton = ResponseSkeleton.Read("""{"metadata":{"k":"v"},"tools":[{"type":"web_search"}],"parallel_tool_calls":false}"""u8);

        Assert.Equal("""{"metadata":{"k":"v"},"tools":[{"type":"web_search"}],"parallel_tool_calls":false,"tool_choice":"auto"}""", Write(skeleton));
    }

    [Fact]
    public void WriteTo_WithoutSkeleton_WritesTheDefaults()
    {
        Assert.Equal("""{"parallel_tool_calls":true,"tool_choice":"auto","tools":[],"metadata":{}}""", Write(ResponseSkeleton.Read(default)));
    }

    [Fact]
    public void WriteTo_Twice_WritesTheSameFields()
    {
        var skeleton = ResponseSkeleton.Read("""{"temperature":1,"top_p":0.9}"""u8);

        Assert.Equal(Write(skeleton), Write(skeleton));
    }

    /// <summary>The fields inside an object, written as the encoders write them (relaxed escaping).</summary>
    private static string Write(ResponseSkeleton skeleton)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            skeleton.WriteTo(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

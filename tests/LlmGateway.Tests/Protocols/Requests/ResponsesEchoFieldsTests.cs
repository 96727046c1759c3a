using System.Text;
using LlmGateway.Protocols.Requests;
using static LlmGateway.Tests.Protocols.Requests.TranslationAssert;

namespace LlmGateway.Tests.Protocols.Requests;

public sealed class ResponsesEchoFieldsTests
{
    [Fact]
    public void ResponsesEchoFields_Request_KeepsOnlyEchoedFieldsVerbatim()
    {
        var echo = RequestTranslator.ResponsesEchoFields(Encoding.UTF8.GetBytes("""
            {"model":"m","input":"x","stream":true,"instructions":"Be brief.","max_output_tokens":100,"parallel_tool_calls":false,
             "previous_response_id":null,"reasoning":{"effort":"low"},"temperature":0.3,"top_p":1,"tool_choice":"auto",
             "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],"text":{"format":{"type":"text"}},
             "truncation":"disabled","user":"u","metadata":{"k":"v"},"store":false,"service_tier":"auto","include":[]}
            """));
        JsonEqual("""
            {"instructions":"Be brief.","max_output_tokens":100,"parallel_tool_calls":false,"previous_response_id":null,
             "reasoning":{"effort":"low"},"temperature":0.3,"top_p":1,"tool_choice":"auto",
             "tools":[{"type":"function","name":"f","parameters":{"type":"object"}}],"text":{"format":{"type":"text"}},
             "truncation":"disabled","user":"u","metadata":{"k":"v"},"store":false,"service_tier":"auto"}
            """, Encoding.UTF8.GetString(echo));
    }

    [Theory]
    [InlineData("""{"model":"m","input":"x"}""")]
    [InlineData("not json")]
    [InlineData("[]")]
    public void ResponsesEchoFields_NothingToEcho_EmptyObject(string body)
    {
        Assert.Equal("{}", Encoding.UTF8.GetString(RequestTranslator.ResponsesEchoFields(Encoding.UTF8.GetBytes(body))));
    }
}

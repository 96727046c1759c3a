using LlmGateway.Protocols;
using LlmGateway.Transport.Edge;
using Microsoft.AspNetCore.Http;

namespace LlmGateway.Tests.Transport.Edge;

/// <summary>Metric labels come from fixed sets: whatever path or status a client causes, no new series appear.</summary>
public sealed class MetricLabelsTests
{
    [Theory]
    [InlineData("/v1/messages", "/v1/messages")]
    [InlineData("/V1/Messages", "/v1/messages")]
    [InlineData("/v1/messages/count_tokens", "/v1/messages/count_tokens")]
    [InlineData("/v1/responses", "/v1/responses")]
    [InlineData("/v1/chat/completions", "/v1/chat/completions")]
    [InlineData("/v1/models", "/v1/models")]
    [InlineData("/v1/models/any-client-text", "/v1/models")]
    [InlineData("/v1/messages/batches", "other")]
    [InlineData("/v1/made-up/path/123", "other")]
    public void Route_IsAKnownPathOrOther(string path, string expected) =>
        Assert.Equal(expected, MetricLabels.Route(new PathString(path)));

    [Theory]
    [InlineData(200, "200")]
    [InlineData(529, "529")]
    [InlineData(-1, "other")]
    [InlineData(600, "other")]
    public void Status_IsTheCodeWithinRange(int status, string expected)
    {
        Assert.Equal(expected, MetricLabels.Status(status));
        Assert.Same(MetricLabels.Status(status), MetricLabels.Status(status));
    }

    [Fact]
    public void RepairKinds_AreLabelledByTheirNames_AsInTheRequestLog()
    {
        Assert.Equal(Enum.GetValues<RepairKind>(), MetricLabels.RepairKinds);
        Assert.All(MetricLabels.RepairKinds, kind => Assert.Equal(kind.ToString(), MetricLabels.Repair(kind)));
    }
}

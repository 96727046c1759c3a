using LlmGateway.Hosting.Cli;
using LlmGateway.Protocols;

namespace LlmGateway.Tests.Hosting.Cli;

public sealed class RepairDescriptionsTests
{
    [Fact]
    public void EveryRepairKind_HasItsOwnDescription()
    {
        var kinds = Enum.GetValues<RepairKind>();
        var descriptions = kinds.Select(RepairDescriptions.Describe).ToList();

        // A kind added later without a description would fall back to its bare name.
        Assert.All(kinds, kind => Assert.NotEqual(kind.ToString(), RepairDescriptions.Describe(kind)));
        Assert.Equal(kinds.Length, descriptions.Distinct(StringComparer.Ordinal).Count());
    }
}

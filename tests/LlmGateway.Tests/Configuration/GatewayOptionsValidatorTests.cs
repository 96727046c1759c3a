using LlmGateway.Configuration;
using LlmGateway.Tests.Routing;

namespace LlmGateway.Tests.Configuration;

public sealed class GatewayOptionsValidatorTests
{
    [Fact]
    public void Validate_ValidOptions_Succeed()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["demo"] = CatalogFixtures.Group(("echo", "echo-1", 1), ("openai", "gpt", 5));

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_DefaultOptions_Succeed()
    {
        Assert.True(Validate(new GatewayOptions()).Succeeded);
    }

    [Fact]
    public void Validate_UnknownUpstream_NamesTheDeploymentKey()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["demo"] = CatalogFixtures.Group(("echo", "e", 1), ("nowhere", "m", 1));

        AssertSingleFailure(options, "Gateway:ModelGroups:demo:Deployments:1:Upstream: unknown upstream 'nowhere'");
    }

    [Theory]
    [InlineData("127.0.0.1:1234/v1")]
    [InlineData("ftp://host/v1")]
    [InlineData("http:///v1")]
    [InlineData("http://host/v1?x=1")]
    [InlineData("http://user:pass@host/v1")]
    [InlineData("builtin://other")]
    [InlineData("")]
    public void Validate_MalformedBaseUrl_NamesTheUpstreamKey(string baseUrl)
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["broken"] = CatalogFixtures.Upstream(baseUrl, "messages");

        AssertSingleFailure(options, "Gateway:Upstreams:broken:BaseUrl:");
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234/v1")]
    [InlineData("https://api.example.com/v1/")]
    [InlineData("http://localhost:11434/v1")]
    [InlineData("builtin://echo")]
    [InlineData("BUILTIN://ECHO/")]
    public void Validate_GoodBaseUrls_Succeed(string baseUrl)
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["fine"] = CatalogFixtures.Upstream(baseUrl, "messages");

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_TwoDeploymentsWithOneDefaultName_NamesTheSecond()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["twice"] = CatalogFixtures.Group(("echo", "e", 1), ("echo", "e", 2));

        AssertSingleFailure(options, "Gateway:ModelGroups:twice:Deployments:1:Name: 'echo/e' is already used");
    }

    [Fact]
    public void Validate_SameUpstreamAndModelWithDistinctNames_Succeed()
    {
        var options = CatalogFixtures.Options();
        var group = CatalogFixtures.Group(("echo", "e", 1), ("echo", "e", 2));
        group.Deployments[0].Name = "primary";
        group.Deployments[1].Name = "secondary";
        options.ModelGroups["twice"] = group;

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validate_EmptyGroup_NamesTheDeploymentsKey()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["empty"] = CatalogFixtures.Group();

        AssertSingleFailure(options, "Gateway:ModelGroups:empty:Deployments: the group has no deployments");
    }

    [Fact]
    public void Validate_UnknownApi_NamesTheApiEntry()
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["odd"] = CatalogFixtures.Upstream("http://h/v1", "messages", "completions");

        AssertSingleFailure(options, "Gateway:Upstreams:odd:Apis:1: unknown API 'completions'");
    }

    [Fact]
    public void Validate_NoApis_NamesTheApisKey()
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["mute"] = CatalogFixtures.Upstream("http://h/v1");

        AssertSingleFailure(options, "Gateway:Upstreams:mute:Apis:");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Validate_NonPositiveWeight_NamesTheWeightKey(int weight)
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["demo"] = CatalogFixtures.Group(("echo", "e", weight));

        AssertSingleFailure(options, "Gateway:ModelGroups:demo:Deployments:0:Weight:");
    }

    [Fact]
    public void Validate_MissingModel_NamesTheModelKey()
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["demo"] = CatalogFixtures.Group(("echo", " ", 1));

        AssertSingleFailure(options, "Gateway:ModelGroups:demo:Deployments:0:Model:");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_NonPositiveBodyLimit_NamesTheKey(long limit)
    {
        var options = CatalogFixtures.Options();
        options.MaxRequestBodyBytes = limit;

        AssertSingleFailure(options, "Gateway:MaxRequestBodyBytes:");
    }

    [Fact]
    public void Validate_ReportsEveryFailureAtOnce()
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["broken"] = CatalogFixtures.Upstream("nope", "bogus");
        options.ModelGroups["demo"] = CatalogFixtures.Group(("missing", "m", 0));

        var result = Validate(options);

        Assert.Equal(4, result.Failures!.Count());
    }

    [Fact]
    public void Validate_UnknownFallbackGroup_NamesTheFallbackEntry()
    {
        var options = CatalogFixtures.Options();
        var group = CatalogFixtures.Group(("anthropic", "m", 1));
        group.Fallbacks.Add("nowhere");
        options.ModelGroups["primary"] = group;

        AssertSingleFailure(options, "Gateway:ModelGroups:primary:Fallbacks:0: unknown model group 'nowhere'");
    }

    [Fact]
    public void Validate_FallbackToItself_IsRefused()
    {
        var options = CatalogFixtures.Options();
        var group = CatalogFixtures.Group(("anthropic", "m", 1));
        group.Fallbacks.Add("primary");
        options.ModelGroups["primary"] = group;

        AssertSingleFailure(options, "Gateway:ModelGroups:primary:Fallbacks:0: a group cannot fall back to itself");
    }

    [Fact]
    public void Validate_BadFailoverNumbers_NameTheirKeys()
    {
        var options = CatalogFixtures.Options();
        var group = CatalogFixtures.Group(("anthropic", "m", 1));
        group.Retries = -1;
        group.AllowedFails = 0;
        group.Cooldown = TimeSpan.Zero;
        options.ModelGroups["g"] = group;

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Gateway:ModelGroups:g:Retries:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:ModelGroups:g:AllowedFails:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:ModelGroups:g:Cooldown:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HealthCheckWithoutAPath_NamesTheKey()
    {
        var options = CatalogFixtures.Options();
        options.Upstreams["anthropic"].HealthCheck = new HealthCheckOptions { Path = "models" };

        AssertSingleFailure(options, "Gateway:Upstreams:anthropic:HealthCheck:Path:");
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(GatewayOptions options) =>
        new GatewayOptionsValidator().Validate(null, options);

    private static void AssertSingleFailure(GatewayOptions options, string expectedStart)
    {
        var result = Validate(options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expectedStart, failure, StringComparison.Ordinal);
    }
}

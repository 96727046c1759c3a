using LlmGateway.Configuration;
using LlmGateway.Tests.Routing;
using Microsoft.Extensions.Options;

namespace LlmGateway.Tests.Configuration;

/// <summary><see cref="GatewayOptionsValidator"/> on <c>Gateway:ApiKeys</c>: every failure names the key to fix.</summary>
public sealed class ApiKeyValidationTests
{
    [Fact]
    public void Validate_ValidKeys_Succeed()
    {
        var options = Options(
            Key("all", "sk-1"),
            Key("demo-only", "sk-2", "DEMO"),
            new ApiKeyOptions { Name = "limited", Key = "sk-3", RequestsPerMinute = 1, TokensPerMinute = 1 });

        Assert.True(Validate(options).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_MissingName_NamesTheNameKey(string? name)
    {
        AssertSingleFailure(Options(Key("fine", "sk-1"), Key(name, "sk-2")), "Gateway:ApiKeys:1:Name: is required");
    }

    [Fact]
    public void Validate_DuplicateName_NamesTheSecondEntry()
    {
        AssertSingleFailure(Options(Key("team", "sk-1"), Key("TEAM", "sk-2")), "Gateway:ApiKeys:1:Name: 'TEAM' is already used by Gateway:ApiKeys:0");
    }

    [Theory]
    [InlineData("master")]
    [InlineData("Anonymous")]
    public void Validate_ReservedName_NamesTheNameKey(string name)
    {
        AssertSingleFailure(Options(Key(name, "sk-1")), "Gateway:ApiKeys:0:Name: '" + name + "' is reserved");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Validate_MissingKey_NamesTheKeyKey(string? key)
    {
        AssertSingleFailure(Options(Key("team", key)), "Gateway:ApiKeys:0:Key: is required");
    }

    [Fact]
    public void Validate_KeyFromAMissingEnvironmentVariable_NamesTheKeyKeyAndTheVariable()
    {
        var variable = "LLMGATEWAY_TEST_UNSET_" + Guid.NewGuid().ToString("N");

        var failure = AssertSingleFailure(Options(Key("a", "sk-1"), Key("b", "env:" + variable)), "Gateway:ApiKeys:1:Key:");

        Assert.Contains(variable, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyFromASetEnvironmentVariable_Succeeds()
    {
        var variable = "LLMGATEWAY_TEST_SET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "sk-secret");
        try
        {
            Assert.True(Validate(Options(Key("team", "env:" + variable))).Succeeded);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Validate_UnknownModelGroup_NamesTheModelsEntry()
    {
        AssertSingleFailure(Options(Key("team", "sk-1", "demo", "nowhere")), "Gateway:ApiKeys:0:Models:1: unknown model group 'nowhere' (known: demo)");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveRequestsPerMinute_NamesTheKey(int limit)
    {
        AssertSingleFailure(Options(new ApiKeyOptions { Name = "team", Key = "sk", RequestsPerMinute = limit }), "Gateway:ApiKeys:0:RequestsPerMinute:");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Validate_NonPositiveTokensPerMinute_NamesTheKey(int limit)
    {
        AssertSingleFailure(Options(new ApiKeyOptions { Name = "team", Key = "sk", TokensPerMinute = limit }), "Gateway:ApiKeys:0:TokensPerMinute:");
    }

    private static ApiKeyOptions Key(string? name, string? key, params string[] models)
    {
        var options = new ApiKeyOptions { Name = name, Key = key };
        options.Models.AddRange(models);
        return options;
    }

    private static GatewayOptions Options(params ApiKeyOptions[] keys)
    {
        var options = CatalogFixtures.Options();
        options.ModelGroups["demo"] = CatalogFixtures.Group(("echo", "echo-1", 1));
        options.ApiKeys.AddRange(keys);
        return options;
    }

    private static ValidateOptionsResult Validate(GatewayOptions options) => new GatewayOptionsValidator().Validate(null, options);

    private static string AssertSingleFailure(GatewayOptions options, string expectedStart)
    {
        var result = Validate(options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(expectedStart, failure, StringComparison.Ordinal);
        return failure;
    }
}

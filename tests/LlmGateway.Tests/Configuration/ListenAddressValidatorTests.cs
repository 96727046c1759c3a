using LlmGateway.Configuration;
using Microsoft.Extensions.Configuration;

namespace LlmGateway.Tests.Configuration;

public sealed class ListenAddressValidatorTests
{
    [Theory]
    [InlineData("http://localhost:4000", true)]
    [InlineData("http://LOCALHOST:4000/", true)]
    [InlineData("http://127.0.0.1:4000", true)]
    [InlineData("http://127.1.2.3:4000", true)]
    [InlineData("http://[::1]:4000", true)]
    [InlineData("http://unix:/tmp/gateway.sock", true)]
    [InlineData("http://0.0.0.0:4000", false)]
    [InlineData("http://*:4000", false)]
    [InlineData("http://+:4000", false)]
    [InlineData("http://[::]:4000", false)]
    [InlineData("http://192.168.1.10:4000", false)]
    [InlineData("http://gateway.example:4000", false)]
    public void IsLoopback_ClassifiesAddresses(string address, bool expected)
    {
        Assert.Equal(expected, ListenAddressValidator.IsLoopback(address));
    }

    [Theory]
    [InlineData("urls", "http://0.0.0.0:4000")]
    [InlineData("urls", "http://localhost:4000;http://0.0.0.0:4001")]
    [InlineData("http_ports", "8080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://*:5000")]
    public void Validate_ExposedWithoutMasterKey_FailsNamingMasterKey(string key, string value)
    {
        var result = Validate(new GatewayOptions(), (key, value));

        Assert.True(result.Failed);
        Assert.StartsWith("Gateway:MasterKey:", Assert.Single(result.Failures!), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExposedWithMasterKey_Succeeds()
    {
        Assert.True(Validate(new GatewayOptions { MasterKey = "k" }, ("urls", "http://0.0.0.0:4000")).Succeeded);
    }

    [Fact]
    public void Validate_ExposedWithApiKeys_Succeeds()
    {
        var options = new GatewayOptions();
        options.ApiKeys.Add(new ApiKeyOptions { Name = "team", Key = "k" });

        Assert.True(Validate(options, ("urls", "http://0.0.0.0:4000")).Succeeded);
    }

    [Fact]
    public void Validate_ExposedWithAllowAnonymous_Succeeds()
    {
        Assert.True(Validate(new GatewayOptions { AllowAnonymous = true }, ("urls", "http://0.0.0.0:4000")).Succeeded);
    }

    [Theory]
    [InlineData("urls", "http://127.0.0.1:4000")]
    [InlineData("unrelated", "x")]
    public void Validate_LoopbackOrDefault_SucceedsWithoutKey(string key, string value)
    {
        Assert.True(Validate(new GatewayOptions(), (key, value)).Succeeded);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(GatewayOptions options, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
            .Build();
        return new ListenAddressValidator(configuration).Validate(null, options);
    }
}

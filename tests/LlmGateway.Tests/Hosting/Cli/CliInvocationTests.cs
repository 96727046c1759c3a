using LlmGateway.Hosting.Cli;

namespace LlmGateway.Tests.Hosting.Cli;

public sealed class CliInvocationTests
{
    [Theory]
    [InlineData]
    [InlineData("--config", "gateway.json")]
    [InlineData("--urls", "http://127.0.0.1:4000")]
    [InlineData("Gateway:MasterKey=sk-x")]
    [InlineData("/config", "gateway.json")]
    public void ServerArguments_NameNoVerb(params string[] args)
    {
        Assert.False(CliInvocation.TryParse(args, out _));
    }

    [Fact]
    public void Check_PassesEveryOtherArgumentToTheConfiguration()
    {
        Assert.True(CliInvocation.TryParse(["check", "--config", "gateway.json", "--Gateway:MasterKey=sk-x"], out var invocation));

        Assert.Equal(CliVerb.Check, invocation.Verb);
        Assert.Null(invocation.Error);
        Assert.Equal(["--config", "gateway.json", "--Gateway:MasterKey=sk-x"], invocation.ConfigurationArguments);
    }

    [Theory]
    [InlineData("--timeout", "5")]
    [InlineData("--timeout=5")]
    public void Doctor_TakesItsTimeout_OutOfTheConfigurationArguments(params string[] timeout)
    {
        Assert.True(CliInvocation.TryParse(["doctor", "--config", "gateway.json", .. timeout], out var invocation));

        Assert.Equal(CliVerb.Doctor, invocation.Verb);
        Assert.Null(invocation.Error);
        Assert.Equal(TimeSpan.FromSeconds(5), invocation.ProbeTimeout);
        Assert.Equal(["--config", "gateway.json"], invocation.ConfigurationArguments);
    }

    [Fact]
    public void Doctor_DefaultsToThirtySeconds()
    {
        Assert.True(CliInvocation.TryParse(["doctor"], out var invocation));

        Assert.Equal(TimeSpan.FromSeconds(30), invocation.ProbeTimeout);
        Assert.Empty(invocation.ConfigurationArguments);
    }

    [Theory]
    [InlineData("doctor", "--timeout", "soon")]
    [InlineData("doctor", "--timeout", "0")]
    [InlineData("doctor", "--timeout")]
    [InlineData("check", "--timeout", "5")]
    [InlineData("chek")]
    public void BadCommandLines_CarryAnError(params string[] args)
    {
        Assert.True(CliInvocation.TryParse(args, out var invocation));

        Assert.NotNull(invocation.Error);
    }

    [Theory]
    [InlineData("help")]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("check", "--help")]
    [InlineData("doctor", "--config", "x.json", "-h")]
    public void HelpWords_AskForTheUsage(params string[] args)
    {
        Assert.True(CliInvocation.TryParse(args, out var invocation));

        Assert.Equal(CliVerb.Help, invocation.Verb);
        Assert.Null(invocation.Error);
    }

    [Fact]
    public void BareHelpAfterAVerb_IsAnArgument_NotAHelpRequest()
    {
        Assert.True(CliInvocation.TryParse(["check", "--config", "help"], out var invocation));

        Assert.Equal(CliVerb.Check, invocation.Verb);
    }
}

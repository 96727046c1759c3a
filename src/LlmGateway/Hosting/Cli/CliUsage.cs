namespace LlmGateway.Hosting.Cli;

/// <summary>The text of <c>LlmGateway --help</c>.</summary>
internal static class CliUsage
{
    public const string Text = """
        Usage:
          LlmGateway [--config FILE] [--urls URL[;URL...]]     run the gateway
          LlmGateway check [--config FILE]                     validate the configuration, print the routing table
          LlmGateway doctor [--config FILE] [--timeout SECONDS]
                                                               send one tiny streaming request per deployment and API,
                                                               report answers, timings and what the normalizer repaired
          LlmGateway healthcheck [--url URL]                   GET URL (default http://127.0.0.1:4000/health/live),
                                                               exit 0 on 2xx (the container image's HEALTHCHECK)
          LlmGateway help                                      print this text

        --config FILE layers FILE over the shipped appsettings.json (without it, the shipped default is used);
        environment variables (Gateway__...) and --Key=value arguments override both, as for the server.
        doctor probes each upstream model once per API it claims to speak (default timeout 30 s per probe).

        Exit codes: 0 success; 1 invalid configuration, or (doctor) a probe that did not answer; 2 bad command line.

        """;
}

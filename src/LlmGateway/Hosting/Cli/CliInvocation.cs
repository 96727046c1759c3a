using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// A command line that names a verb (<c>check</c>, <c>doctor</c>, <c>help</c>). Every argument after the verb except
/// the verb's own options goes to the configuration exactly as it would for the server (<c>--config</c>,
/// <c>--urls</c>, <c>--Gateway:MasterKey=…</c>).
/// </summary>
/// <param name="Verb">What to do.</param>
/// <param name="ConfigurationArguments">The arguments for the configuration sources.</param>
/// <param name="ProbeTimeout">How long one <c>doctor</c> probe may take.</param>
/// <param name="Error">Why the command line is unusable, or null.</param>
internal sealed record CliInvocation(CliVerb Verb, IReadOnlyList<string> ConfigurationArguments, TimeSpan ProbeTimeout, string? Error = null)
{
    public static readonly TimeSpan DefaultProbeTimeout = TimeSpan.FromSeconds(30);

    private const string TimeoutOption = "--timeout";

    private static readonly string[] HelpWords = ["help", "--help", "-h", "-?", "/?"];

    /// <returns>False when the arguments name no verb: the server runs with them.</returns>
    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out CliInvocation? invocation)
    {
        ArgumentNullException.ThrowIfNull(args);
        invocation = null;
        if (args.Count == 0)
        {
            return false;
        }

        var first = args[0];
        if (IsHelp(first) || args.Skip(1).Any(IsHelpOption))
        {
            invocation = new CliInvocation(CliVerb.Help, [], DefaultProbeTimeout);
            return true;
        }

        var verb = first switch
        {
            "check" => CliVerb.Check,
            "doctor" => CliVerb.Doctor,
            _ => (CliVerb?)null,
        };
        if (verb is null)
        {
            // A bare word is a mistyped verb, not a configuration argument (those start with - or / or contain =).
            if (first.Length > 0 && first[0] is not '-' and not '/' && !first.Contains('=', StringComparison.Ordinal))
            {
                invocation = new CliInvocation(CliVerb.Help, [], DefaultProbeTimeout, $"unknown command '{first}'.");
                return true;
            }

            return false;
        }

        var rest = new List<string>();
        var timeout = DefaultProbeTimeout;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            string? value = null;
            if (string.Equals(arg, TimeoutOption, StringComparison.OrdinalIgnoreCase))
            {
                value = i + 1 < args.Count ? args[++i] : string.Empty;
            }
            else if (arg.StartsWith(TimeoutOption + "=", StringComparison.OrdinalIgnoreCase))
            {
                value = arg[(TimeoutOption.Length + 1)..];
            }
            else
            {
                rest.Add(arg);
                continue;
            }

            if (verb != CliVerb.Doctor)
            {
                invocation = new CliInvocation(verb.Value, rest, timeout, $"{TimeoutOption} applies to doctor only.");
                return true;
            }

            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds is <= 0 or > 3600)
            {
                invocation = new CliInvocation(verb.Value, rest, timeout, $"{TimeoutOption}: '{value}' is not a number of seconds between 0 and 3600.");
                return true;
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        invocation = new CliInvocation(verb.Value, rest, timeout);
        return true;
    }

    private static bool IsHelp(string arg) => HelpWords.Contains(arg, StringComparer.OrdinalIgnoreCase);

    /// <summary>After a verb only options ask for help: a bare <c>help</c> there may be a file name.</summary>
    private static bool IsHelpOption(string arg) => arg is "--help" or "-h";
}

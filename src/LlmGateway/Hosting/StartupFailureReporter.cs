using Microsoft.Extensions.Options;

namespace LlmGateway.Hosting;

/// <summary>Prints why the gateway could not start as one clear line, instead of leaving the operator a stack trace.</summary>
internal static class StartupFailureReporter
{
    public const int ExitCode = 1;

    /// <summary>True for exceptions that end start-up; false for the host-abort signal test hosts use to stop early.</summary>
    public static bool ShouldReport(Exception exception) => exception is not HostAbortedException;

    /// <param name="exception">Why start-up failed.</param>
    /// <param name="output">Where the report goes.</param>
    /// <param name="linePerFailure">One line per validation failure (for <c>check</c>) instead of all on one line (for logs).</param>
    public static int Report(Exception exception, TextWriter output, bool linePerFailure = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(output);

        var known = Find<OptionsValidationException>(exception) as Exception ?? Find<GatewayConfigurationException>(exception);
        if (known is OptionsValidationException validation)
        {
            IEnumerable<string> lines = linePerFailure ? validation.Failures : [string.Join(" | ", validation.Failures)];
            foreach (var line in lines)
            {
                output.WriteLine($"LlmGateway: invalid configuration: {line}");
            }
        }
        else if (known is not null)
        {
            output.WriteLine($"LlmGateway: invalid configuration: {known.Message}");
        }
        else
        {
            output.WriteLine($"LlmGateway: failed to start: {exception.GetBaseException().Message}");
            output.WriteLine(exception);
        }

        return ExitCode;
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}

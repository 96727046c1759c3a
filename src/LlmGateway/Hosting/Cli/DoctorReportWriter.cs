using System.Globalization;
using LlmGateway.Protocols;

namespace LlmGateway.Hosting.Cli;

/// <summary>
/// The output of <c>doctor</c>, written as probes finish: per upstream model the deployments it serves, then one
/// line per API (OK/FAIL, status, timings, tokens, stop reason), the start of the reply, and the normalizer's repairs
/// by kind with what each means. Never prints keys; credentials in URLs are masked.
/// </summary>
internal sealed class DoctorReportWriter(TextWriter output)
{
    private const int ApiWidth = 16; // "chat-completions"
    private const int VerdictWidth = 4;

    private static readonly string Continuation = new(' ', 2 + ApiWidth + 2 + VerdictWidth + 2);

    public void WriteHeader(int subjects, int probes, TimeSpan timeout, string? overlayPath)
    {
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"LlmGateway doctor: {probes} probe(s) of {subjects} upstream model(s), one streaming request each, timeout {timeout.TotalSeconds:0.###} s"));
        output.WriteLine($"  Sources: {ConfigurationSources.Describe(overlayPath)}");
    }

    public void WriteSubject(ProbeSubject subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var deployments = string.Join(", ", subject.Deployments.Select(d => $"{d.Deployment.Name} (group {d.Group})"));
        var where = subject.Upstream.IsBuiltinEcho ? "built-in echo, in process" : UrlDisplay.Redact(subject.Upstream.BaseUrl);
        output.WriteLine();
        output.WriteLine($"{deployments}: upstream {subject.Upstream.Name} ({where}), model {subject.Model}");
    }

    public void WriteResult(ProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = result.Answered ? "OK" : "FAIL";
        var prefix = $"  {WireApiNames.ToName(result.Api).PadRight(ApiWidth)}  {verdict.PadRight(VerdictWidth)}  ";
        if (result.Report is not { } report)
        {
            output.WriteLine(prefix + result.Error);
            return;
        }

        output.WriteLine(prefix + Details(result, report));
        if (result.Reply.Length > 0)
        {
            output.WriteLine($"{Continuation}reply \"{result.Reply}\"");
        }

        if (result.Error is { } error)
        {
            output.WriteLine($"{Continuation}error: {error}");
        }

        if (report.TotalRepairs == 0)
        {
            output.WriteLine($"{Continuation}repairs: none");
            return;
        }

        output.WriteLine($"{Continuation}repairs: {report.TotalRepairs}");
        var repairs = new TextTable();
        foreach (var kind in Enum.GetValues<RepairKind>().Where(kind => report.Count(kind) > 0))
        {
            repairs.AddRow(kind.ToString(), "x" + report.Count(kind).ToString(CultureInfo.InvariantCulture), RepairDescriptions.Describe(kind));
        }

        repairs.WriteTo(output, Continuation + "  ");
    }

    public void WriteSummary(IReadOnlyCollection<ProbeResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var answered = results.Count(r => r.Answered);
        var failed = results.Count - answered;
        var repaired = results.Count(r => r.Answered && r.Report?.TotalRepairs > 0);
        var repairs = results.Where(r => r.Answered).Sum(r => r.Report?.TotalRepairs ?? 0);
        output.WriteLine();
        output.WriteLine(failed == 0
            ? $"Summary: all {results.Count} probe(s) answered; {repaired} needed repairs ({repairs} in all)."
            : $"Summary: {answered} of {results.Count} probe(s) answered, {failed} failed; {repaired} needed repairs ({repairs} in all).");
    }

    private static string Details(ProbeResult result, NormalizationReport report)
    {
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"HTTP {result.Status}") };
        parts.Add($"first byte {Milliseconds(result.FirstByte)}");
        parts.Add($"first token {Milliseconds(result.FirstToken)}");
        parts.Add($"total {Milliseconds(result.Total)}");
        parts.Add($"tokens {Count(report.InputTokens)} in / {Count(report.OutputTokens)} out");
        if (report.StopReason is { } stop)
        {
            parts.Add($"stop {stop}");
        }

        return string.Join(", ", parts);
    }

    private static string Milliseconds(TimeSpan? value) =>
        value is { } time ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMilliseconds:0} ms") : "-";

    private static string Count(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "?";
}

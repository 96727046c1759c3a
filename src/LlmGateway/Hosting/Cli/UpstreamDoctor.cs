namespace LlmGateway.Hosting.Cli;

/// <summary>
/// Runs <c>doctor</c>: every distinct upstream model, once per API its upstream claims, one probe after another (so
/// one probe's queueing does not inflate another's time to first token on a shared server).
/// </summary>
internal sealed class UpstreamDoctor(UpstreamProbe probe, DoctorReportWriter writer)
{
    /// <returns>0 when every probe answered, else 1.</returns>
    public async Task<int> RunAsync(CliConfiguration configuration, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var subjects = ProbeSubject.Plan(configuration.Catalog);
        writer.WriteHeader(subjects.Count, subjects.Sum(s => s.Upstream.Apis.Count), timeout, configuration.OverlayPath);

        var results = new List<ProbeResult>();
        foreach (var subject in subjects)
        {
            writer.WriteSubject(subject);
            using var client = probe.CreateClient(subject);
            foreach (var api in subject.Upstream.Apis.Order())
            {
                var result = await probe.RunAsync(client, subject, api, timeout, cancellationToken).ConfigureAwait(false);
                writer.WriteResult(result);
                results.Add(result);
            }
        }

        writer.WriteSummary(results);
        return results.TrueForAll(r => r.Answered) ? CliRunner.Success : CliRunner.Failure;
    }
}

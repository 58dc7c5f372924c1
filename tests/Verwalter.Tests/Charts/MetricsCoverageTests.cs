using Verwalter.Tests.Supervision.Real;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Charts;

/// <summary>
/// Every metric the dashboard and the alert rules read is exported by a real daemon's
/// <c>/metrics</c>. The daemon runs with the embedded supervisor and one process, so the
/// supervisor families have series too.
/// </summary>
[Collection(RealSupervisorCollection.Name)]
public sealed class MetricsCoverageTests : IDisposable
{
    private readonly RealTree _tree = new();
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("verwalter-coverage-");

    public void Dispose()
    {
        _tree.Dispose();
        _state.Delete(recursive: true);
    }

    [Fact]
    public async Task DashboardAndRules_EveryMetricName_IsExportedByARealDaemon()
    {
        var used = MonitoringFiles.DashboardExpressions().Concat(MonitoringFiles.RuleExpressions())
            .SelectMany(q => MonitoringFiles.MetricNames(q.Expr).Select(name => (name, where: q.Item1)))
            .GroupBy(x => x.name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(", ", g.Select(x => x.where).Distinct()), StringComparer.Ordinal);
        Assert.True(used.Count >= 15, $"only {used.Count} metric names found in the dashboard and rules: {string.Join(' ', used.Keys)}");
        _tree.Image("busybox", RealTree.ShellContainer("exec sleep 1000"));
        _tree.WriteProcesses("web: {image: busybox, config: /config.yaml}\n");
        await using var daemon = DaemonProcess.Start(
            Path.Combine(RepositoryPaths.Examples, "minimal"),
            Path.Combine(_state.FullName, "storage"),
            Path.Combine(_state.FullName, "log"),
            "--supervisor", "embedded", "--supervisor-config", _tree.MasterPath);

        // Histograms have series once the first scheduler run and reconciles were measured.
        IReadOnlyCollection<string> missing = used.Keys.ToList();
        try
        {
            await Eventually.WaitAsync(async () =>
            {
                var exported = ExportedSampleNames(await daemon.Http.GetStringAsync("/metrics"));
                missing = [.. used.Keys.Where(n => !exported.Contains(n))];
                return missing.Count == 0;
            }, TimeSpan.FromSeconds(60), "every metric of the dashboard and rules in /metrics");
        }
        catch (TimeoutException)
        {
            Assert.Fail("not exported: " + string.Join("; ", missing.Select(n => $"{n} (used by {used[n]})")) + "\n" + daemon.Output);
        }
    }

    /// <summary>The sample names of an exposition (histograms give name_bucket, name_sum and name_count).</summary>
    private static HashSet<string> ExportedSampleNames(string exposition) =>
    [
        .. exposition.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])]),
    ];
}

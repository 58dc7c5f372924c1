using System.Diagnostics.Metrics;

namespace Verwalter.Tests.Api.Metrics;

public sealed class PromtoolCheckTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    [Fact]
    public async Task Render_KnownFamilies_PassesPromtoolCheckMetrics()
    {
        using var meters = new TestMeters(includeProcessMetrics: true);
        var meter = meters.Create();
        var controllers = new[] { "config", "scheduler", "role \"a\"\\b\nc" };
        var reconciles = meter.CreateCounter<long>("verwalter_reconcile_total", description: "Reconciles per controller and result.");
        var errors = meter.CreateCounter<long>("verwalter_reconcile_errors_total", description: "Reconcile errors per controller.");
        var duration = meter.CreateHistogram<double>("verwalter_reconcile_duration_seconds", "s", "Reconcile duration per controller.");
        var workers = meter.CreateUpDownCounter<int>("verwalter_active_workers", description: "Reconciles in progress.");
        meter.CreateObservableGauge(
            "verwalter_workqueue_depth",
            () => controllers.Select(c => new Measurement<int>(2, new KeyValuePair<string, object?>("controller", c))),
            description: "Keys waiting in the work queue.");
        foreach (var controller in controllers)
        {
            var tag = new KeyValuePair<string, object?>("controller", controller);
            reconciles.Add(3, tag, new("result", "success"));
            reconciles.Add(0, tag, new("result", "requeue_after"));
            errors.Add(0, tag);
            duration.Record(0.02, tag);
            workers.Add(1, tag);
        }

        meter.CreateCounter<long>("verwalter_scheduler_runs", description: "Scheduler runs by result.").Add(1, new KeyValuePair<string, object?>("result", "ok"));
        meter.CreateHistogram<double>("verwalter_scheduler_duration_seconds", "s", "Scheduler run duration.").Record(1.5);
        meter.CreateCounter<long>("verwalter_schedule_changes_total", description: "Schedules that differed from the previous one.").Add(2);
        meter.CreateCounter<long>("verwalter_config_reloads_total", description: "Config reloads by result.").Add(1, new KeyValuePair<string, object?>("result", "success"));
        meter.CreateObservableGauge("verwalter_config_problems", () => 0, description: "Problems found in the last config load.");
        meter.CreateObservableGauge("verwalter_test_special", () => double.NaN);

        var exposition = meters.Exporter.Render();
        var result = await Promtool.CheckMetricsAsync(exposition, _timeout.Token);

        Assert.True(result.ExitCode == 0 && result.Output.Length == 0, $"promtool exit {result.ExitCode}: {result.Output}\n---\n{exposition}");
    }

    [Fact]
    public async Task CheckMetrics_CounterWithoutTotalSuffix_ReportsLintProblem()
    {
        const string Exposition = "# HELP bad_things Things.\n# TYPE bad_things counter\nbad_things 1\n";

        var result = await Promtool.CheckMetricsAsync(Exposition, _timeout.Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("_total", result.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _timeout.Dispose();
}

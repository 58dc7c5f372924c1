using System.Diagnostics.Metrics;

namespace Verwalter.Tests.Api.Metrics;

public sealed class PrometheusExporterTests
{
    private static readonly KeyValuePair<string, object?> Config = new("controller", "config");

    [Fact]
    public void Render_CounterWithTags_WritesSortedLabelsAndSeries()
    {
        using var meters = new TestMeters();
        var counter = meters.Create().CreateCounter<long>("verwalter_reconcile_total", description: "Reconciles by result.");
        counter.Add(1, new("result", "success"), Config);
        counter.Add(2, new("result", "success"), Config);
        counter.Add(1, new("result", "error"), Config);

        var text = meters.Exporter.Render();

        Assert.Equal(
            "# HELP verwalter_reconcile_total Reconciles by result.\n" +
            "# TYPE verwalter_reconcile_total counter\n" +
            "verwalter_reconcile_total{controller=\"config\",result=\"error\"} 1\n" +
            "verwalter_reconcile_total{controller=\"config\",result=\"success\"} 3\n",
            text);
    }

    [Fact]
    public void Render_CounterWithoutTotalSuffix_AppendsItOnce()
    {
        using var meters = new TestMeters();
        var meter = meters.Create();
        meter.CreateCounter<int>("verwalter_schedule_changes").Add(2);
        meter.CreateCounter<double>("verwalter.config-reloads").Add(1.5, new KeyValuePair<string, object?>("result", "ok"));

        var lines = meters.RenderLines();

        Assert.Contains("# TYPE verwalter_schedule_changes_total counter", lines);
        Assert.Contains("verwalter_schedule_changes_total 2", lines);
        Assert.Contains("verwalter_config_reloads_total{result=\"ok\"} 1.5", lines);
        Assert.Contains("# HELP verwalter_schedule_changes_total Verwalter instrument verwalter_schedule_changes.", lines);
        Assert.DoesNotContain(lines, l => l.Contains("_total_total", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_Histogram_WritesCumulativeBucketsSumAndCount()
    {
        using var meters = new TestMeters();
        var histogram = meters.Create().CreateHistogram<double>("verwalter_reconcile_duration_seconds", "s", "Reconcile time.");
        foreach (var value in new[] { 0.00390625, 0.25, 0.25, 4, 16 })
        {
            histogram.Record(value, Config);
        }

        var text = meters.Exporter.Render();

        const string Name = "verwalter_reconcile_duration_seconds";
        var expected = string.Concat(
            $"# HELP {Name} Reconcile time.\n",
            $"# TYPE {Name} histogram\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.001\"}} 0\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.005\"}} 1\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.01\"}} 1\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.025\"}} 1\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.05\"}} 1\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.1\"}} 1\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.25\"}} 3\n",
            $"{Name}_bucket{{controller=\"config\",le=\"0.5\"}} 3\n",
            $"{Name}_bucket{{controller=\"config\",le=\"1\"}} 3\n",
            $"{Name}_bucket{{controller=\"config\",le=\"2.5\"}} 3\n",
            $"{Name}_bucket{{controller=\"config\",le=\"5\"}} 4\n",
            $"{Name}_bucket{{controller=\"config\",le=\"10\"}} 4\n",
            $"{Name}_bucket{{controller=\"config\",le=\"+Inf\"}} 5\n",
            $"{Name}_sum{{controller=\"config\"}} 20.50390625\n",
            $"{Name}_count{{controller=\"config\"}} 5\n");
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Render_HistogramWithAdvice_UsesAdvisedBoundariesAndUnitSuffix()
    {
        using var meters = new TestMeters();
        var histogram = meters.Create().CreateHistogram<long>(
            "verwalter_scheduler_duration",
            "s",
            "Scheduler run time.",
            tags: null,
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2] });
        histogram.Record(1);
        histogram.Record(3);

        var lines = meters.RenderLines();

        Assert.Contains("verwalter_scheduler_duration_seconds_bucket{le=\"1\"} 1", lines);
        Assert.Contains("verwalter_scheduler_duration_seconds_bucket{le=\"2\"} 1", lines);
        Assert.Contains("verwalter_scheduler_duration_seconds_bucket{le=\"+Inf\"} 2", lines);
        Assert.Contains("verwalter_scheduler_duration_seconds_sum 4", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("verwalter_scheduler_duration_seconds_bucket", StringComparison.Ordinal)));
    }

    [Fact]
    public void Render_LabelValueWithBackslashQuoteAndNewline_EscapesThem()
    {
        using var meters = new TestMeters();
        var counter = meters.Create().CreateCounter<long>("verwalter_test_escapes_total", description: "Line one\nback\\slash");
        counter.Add(1, new KeyValuePair<string, object?>("role.name", "a\\b\"c\nd"));

        var lines = meters.RenderLines();

        Assert.Contains("# HELP verwalter_test_escapes_total Line one\\nback\\\\slash", lines);
        Assert.Contains("verwalter_test_escapes_total{role_name=\"a\\\\b\\\"c\\nd\"} 1", lines);
    }

    [Fact]
    public void Render_ObservableGauge_ReadsCallbackOnEveryScrape()
    {
        using var meters = new TestMeters();
        var depth = 2;
        var reporting = true;
        meters.Create().CreateObservableGauge(
            "verwalter_workqueue_depth",
            () => reporting ? [new Measurement<int>(depth, Config)] : Array.Empty<Measurement<int>>(),
            description: "Queue depth.");

        Assert.Contains("verwalter_workqueue_depth{controller=\"config\"} 2", meters.RenderLines());
        depth = 5;
        Assert.Contains("verwalter_workqueue_depth{controller=\"config\"} 5", meters.RenderLines());
        reporting = false;
        Assert.DoesNotContain(meters.RenderLines(), l => l.Contains("verwalter_workqueue_depth", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_ObservableCounterAndUpDownCounters_UseCounterAndGaugeTypes()
    {
        using var meters = new TestMeters();
        var meter = meters.Create();
        meter.CreateObservableCounter("verwalter_test_observed_total", () => 7L);
        meter.CreateObservableUpDownCounter("verwalter_test_observed_level", () => -3);
        var workers = meter.CreateUpDownCounter<int>("verwalter_active_workers");
        workers.Add(3, Config);
        workers.Add(-1, Config);

        var lines = meters.RenderLines();

        Assert.Contains("# TYPE verwalter_test_observed_total counter", lines);
        Assert.Contains("verwalter_test_observed_total 7", lines);
        Assert.Contains("# TYPE verwalter_test_observed_level gauge", lines);
        Assert.Contains("verwalter_test_observed_level -3", lines);
        Assert.Contains("# TYPE verwalter_active_workers gauge", lines);
        Assert.Contains("verwalter_active_workers{controller=\"config\"} 2", lines);
    }

    [Fact]
    public void Render_SpecialValues_FormatsInfinityAndNaN()
    {
        using var meters = new TestMeters();
        var meter = meters.Create();
        meter.CreateObservableGauge("verwalter_test_infinite", () => double.PositiveInfinity);
        meter.CreateObservableGauge("verwalter_test_undefined", () => double.NaN);
        meter.CreateObservableGauge("verwalter_test_small", () => 0.000001);

        var lines = meters.RenderLines();

        Assert.Contains("verwalter_test_infinite +Inf", lines);
        Assert.Contains("verwalter_test_undefined NaN", lines);
        Assert.Contains("verwalter_test_small 1E-06", lines);
    }

    [Fact]
    public void Render_MeterWithOtherNameOrScope_IsIgnored()
    {
        using var meters = new TestMeters();
        meters.Create("Other").CreateCounter<long>("verwalter_other_total").Add(1);
        using var unscoped = new Meter("Verwalter");
        unscoped.CreateCounter<long>("verwalter_unscoped_total").Add(1);
        meters.Create().CreateCounter<long>("verwalter_mine_total").Add(1);

        var text = meters.Exporter.Render();

        Assert.DoesNotContain("verwalter_other_total", text, StringComparison.Ordinal);
        Assert.DoesNotContain("verwalter_unscoped_total", text, StringComparison.Ordinal);
        Assert.Contains("verwalter_mine_total 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_InstrumentsWithoutMeasurements_WriteNothing()
    {
        using var meters = new TestMeters();
        meters.Create().CreateCounter<long>("verwalter_idle_total");

        Assert.Equal(string.Empty, meters.Exporter.Render());
    }

    [Fact]
    public async Task Add_FromManyThreads_CountsEveryMeasurement()
    {
        using var meters = new TestMeters();
        var counter = meters.Create().CreateCounter<long>("verwalter_test_parallel_total");
        var histogram = meters.Create().CreateHistogram<double>("verwalter_test_parallel_seconds");
        var render = Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                _ = meters.Exporter.Render();
            }
        });

        Parallel.For(0, 10_000, i =>
        {
            counter.Add(1, new KeyValuePair<string, object?>("shard", i % 4));
            histogram.Record(0.5);
        });
        await render;

        var lines = meters.RenderLines();
        Assert.Equal(4, lines.Count(l => l.StartsWith("verwalter_test_parallel_total{shard=", StringComparison.Ordinal) && l.EndsWith(" 2500", StringComparison.Ordinal)));
        Assert.Contains("verwalter_test_parallel_seconds_count 10000", lines);
    }

    [Fact]
    public async Task WriteAsync_WithProcessMetrics_WritesProcessFamilies()
    {
        using var meters = new TestMeters(includeProcessMetrics: true);
        using var writer = new StringWriter();

        await meters.Exporter.WriteAsync(writer, CancellationToken.None);

        var lines = writer.ToString().Split('\n');
        Assert.Contains("# TYPE process_start_time_seconds gauge", lines);
        Assert.Contains("# TYPE process_resident_memory_bytes gauge", lines);
        Assert.Contains("# TYPE process_cpu_seconds_total counter", lines);
    }
}

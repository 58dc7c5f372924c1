using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Verwalter.Reconciliation;

/// <summary>
/// The reconcile engine's instruments on the one <c>Verwalter</c> meter, named after
/// controller-runtime's <c>pkg/internal/controller/metrics</c> so existing dashboards read them.
/// One instance serves every <see cref="ControllerHost{TKey}"/>; hosts register themselves so the
/// observable gauges can read their queue depth and busy workers.
/// </summary>
public sealed class ControllerMetrics
{
    public const string MeterName = "Verwalter";

    public const string ReconcileTotalName = "verwalter_reconcile_total";
    public const string ReconcileErrorsTotalName = "verwalter_reconcile_errors_total";
    public const string ReconcileDurationName = "verwalter_reconcile_duration_seconds";
    public const string WorkQueueDepthName = "verwalter_workqueue_depth";
    public const string ActiveWorkersName = "verwalter_active_workers";

    public const string ControllerTag = "controller";
    public const string ResultTag = "result";

    public const string ResultSuccess = "success";
    public const string ResultError = "error";
    public const string ResultRequeueAfter = "requeue_after";
    public const string ResultTerminal = "terminal";

    private static readonly string[] Results = [ResultSuccess, ResultError, ResultRequeueAfter, ResultTerminal];

    private readonly ConcurrentDictionary<string, Source> _sources = new(StringComparer.Ordinal);
    private readonly Counter<long> _reconcileTotal;
    private readonly Counter<long> _reconcileErrors;
    private readonly Histogram<double> _reconcileDuration;

    public ControllerMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _reconcileTotal = Meter.CreateCounter<long>(
            ReconcileTotalName, description: "Reconcile passes per controller and result.");
        _reconcileErrors = Meter.CreateCounter<long>(
            ReconcileErrorsTotalName, description: "Reconcile passes that failed, terminal failures included.");
        _reconcileDuration = Meter.CreateHistogram<double>(
            ReconcileDurationName, unit: "s", description: "Time per reconcile pass.");
        Meter.CreateObservableGauge(
            WorkQueueDepthName, () => Observe(static s => s.QueueDepth?.Invoke()), description: "Keys ready and waiting for a worker.");
        Meter.CreateObservableGauge(
            ActiveWorkersName, () => Observe(static s => s.ActiveWorkers()), description: "Workers inside a reconcile pass.");
    }

    public Meter Meter { get; }

    /// <summary>
    /// Adds a controller to the gauges and creates its zero series, so rates start at 0. A loop
    /// without a queue passes a null <paramref name="queueDepth"/> and has no queue depth series.
    /// </summary>
    public void Register(string controller, Func<int>? queueDepth, Func<int> activeWorkers)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(controller);
        _sources[controller] = new Source(queueDepth, activeWorkers);
        foreach (var result in Results)
        {
            _reconcileTotal.Add(0, Controller(controller), new KeyValuePair<string, object?>(ResultTag, result));
        }

        _reconcileErrors.Add(0, Controller(controller));
    }

    public void Unregister(string controller) => _sources.TryRemove(controller, out _);

    /// <summary>Counts one finished pass; <paramref name="result"/> is one of the <c>Result*</c> constants.</summary>
    public void RecordReconcile(string controller, string result, TimeSpan duration)
    {
        _reconcileTotal.Add(1, Controller(controller), new KeyValuePair<string, object?>(ResultTag, result));
        if (result is ResultError or ResultTerminal)
        {
            _reconcileErrors.Add(1, Controller(controller));
        }

        _reconcileDuration.Record(duration.TotalSeconds, Controller(controller));
    }

    private static KeyValuePair<string, object?> Controller(string controller) => new(ControllerTag, controller);

    private List<Measurement<int>> Observe(Func<Source, int?> read)
    {
        var measurements = new List<Measurement<int>>(_sources.Count);
        foreach (var (name, source) in _sources)
        {
            if (read(source) is { } value)
            {
                measurements.Add(new Measurement<int>(value, Controller(name)));
            }
        }

        return measurements;
    }

    private sealed record Source(Func<int>? QueueDepth, Func<int> ActiveWorkers);
}

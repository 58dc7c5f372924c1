using System.Diagnostics.Metrics;

namespace Verwalter.Scheduling;

/// <summary>Instruments of the config and schedule loops on the shared <c>Verwalter</c> meter.</summary>
public sealed class SchedulerMetrics
{
    public const string MeterName = "Verwalter";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _changes;
    private readonly Counter<long> _reloads;
    private int _problems;
    private long _succeeded;
    private long _failed;
    private long _lastDurationTicks = -1;

    public SchedulerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _runs = meter.CreateCounter<long>("verwalter_scheduler_runs_total", description: "Scheduler runs by result (success, or the error kind).");
        _duration = meter.CreateHistogram<double>("verwalter_scheduler_duration_seconds", unit: "s", description: "Time of one scheduler pass: input, run, canonical output and hash.");
        _changes = meter.CreateCounter<long>("verwalter_schedule_changes_total", description: "Schedules published with a new hash.");
        _reloads = meter.CreateCounter<long>("verwalter_config_reloads_total", description: "Config dir reloads by result.");
        meter.CreateObservableGauge("verwalter_config_problems", () => Volatile.Read(ref _problems), description: "Problems found in the config dir by the last reload.");
        foreach (var result in new[] { "success", "load", "runtime", "timeout", "memory", "invalidresult", "stack" })
        {
            _runs.Add(0, new KeyValuePair<string, object?>("result", result));
        }

        _reloads.Add(0, new KeyValuePair<string, object?>("result", "success"));
        _reloads.Add(0, new KeyValuePair<string, object?>("result", "problems"));
        _changes.Add(0);
    }

    /// <summary>Successful runs since start (for <c>/v1/status</c>).</summary>
    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Failed runs since start.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Duration of the last run, or null before the first.</summary>
    public TimeSpan? LastDuration => Interlocked.Read(ref _lastDurationTicks) is var t && t >= 0 ? TimeSpan.FromTicks(t) : null;

    public void RecordRun(string result, TimeSpan duration)
    {
        Interlocked.Increment(ref result == "success" ? ref _succeeded : ref _failed);
        Interlocked.Exchange(ref _lastDurationTicks, duration.Ticks);
        _runs.Add(1, new KeyValuePair<string, object?>("result", result));
        _duration.Record(duration.TotalSeconds);
    }

    public void RecordChange() => _changes.Add(1);

    public void RecordReload(int problems)
    {
        Volatile.Write(ref _problems, problems);
        _reloads.Add(1, new KeyValuePair<string, object?>("result", problems == 0 ? "success" : "problems"));
    }
}

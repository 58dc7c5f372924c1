using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Verwalter.Reconciliation;

namespace Verwalter.Supervision;

/// <summary>
/// Per process (<c>sandbox</c>, <c>process</c> tags): starts, deaths, planned stops and failures as counters,
/// running instances and the longest current crash-loop backoff as gauges (lithos's
/// <c>processes.&lt;sandbox&gt;.&lt;process&gt;</c> group, on the <c>Verwalter</c> meter). Zero
/// series are created for every configured process at each reload.
/// </summary>
public sealed class SupervisorMetrics
{
    public const string StartedName = "verwalter_supervisor_started_total";
    public const string DeathsName = "verwalter_supervisor_deaths_total";
    public const string FailuresName = "verwalter_supervisor_failures_total";
    public const string RunningName = "verwalter_supervisor_running";
    public const string BackoffName = "verwalter_supervisor_backoff_seconds";
    public const string ConfiguredName = "verwalter_supervisor_instances_configured";
    public const string PlannedStopsName = "verwalter_supervisor_planned_stops_total";
    public const string CorruptRecordsName = "verwalter_supervisor_corrupt_records_total";

    private readonly Counter<long> _started;
    private readonly Counter<long> _deaths;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _plannedStops;
    private readonly Counter<long> _corruptRecords;
    private readonly ConcurrentDictionary<(string Sandbox, string Process), Gauges> _gauges = new();
    private int _configured;

    public SupervisorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ControllerMetrics.MeterName);
        _started = meter.CreateCounter<long>(StartedName, description: "Processes started by the supervisor.");
        _deaths = meter.CreateCounter<long>(DeathsName, description: "Supervised processes that exited without being asked to (planned stops are counted apart).");
        _plannedStops = meter.CreateCounter<long>(PlannedStopsName, description: "Supervised processes that exited after the supervisor stopped them (retired, identity changed).");
        _corruptRecords = meter.CreateCounter<long>(CorruptRecordsName, description: "Adoption records that could not be parsed and were moved aside.");
        _corruptRecords.Add(0);
        _failures = meter.CreateCounter<long>(FailuresName, description: "Exits that count as failures (not SIGTERM, not a normal exit code) and failed starts.");
        meter.CreateObservableGauge(RunningName, () => Observe(g => g.Running), description: "Supervised processes running.");
        meter.CreateObservableGauge(BackoffName, () => ObserveBackoff(), unit: "s", description: "Longest crash-loop backoff an instance of the process is waiting out.");
        meter.CreateObservableGauge(ConfiguredName, () => Volatile.Read(ref _configured), description: "Instances the supervisor's files ask for.");
    }

    internal void Configure(IEnumerable<InstanceKey> keys)
    {
        var list = keys.ToList();
        Volatile.Write(ref _configured, list.Count);
        foreach (var key in list)
        {
            if (!_gauges.ContainsKey((key.Sandbox, key.Process)))
            {
                _gauges[(key.Sandbox, key.Process)] = new Gauges();
                var tags = Tags(key);
                _started.Add(0, tags);
                _deaths.Add(0, tags);
                _failures.Add(0, tags);
                _plannedStops.Add(0, tags);
            }
        }
    }

    internal void Started(InstanceKey key)
    {
        _started.Add(1, Tags(key));
        Interlocked.Increment(ref For(key).Running);
    }

    internal void StartFailed(InstanceKey key)
    {
        _started.Add(1, Tags(key));
        _deaths.Add(1, Tags(key));
        _failures.Add(1, Tags(key));
    }

    internal void Adopted(InstanceKey key) => Interlocked.Increment(ref For(key).Running);

    internal void Died(InstanceKey key, bool failed)
    {
        _deaths.Add(1, Tags(key));
        if (failed)
        {
            _failures.Add(1, Tags(key));
        }

        Interlocked.Decrement(ref For(key).Running);
    }

    internal void StoppedPlanned(InstanceKey key)
    {
        _plannedStops.Add(1, Tags(key));
        Interlocked.Decrement(ref For(key).Running);
    }

    internal void CorruptRecords(int count) => _corruptRecords.Add(count);

    internal void Backoff(InstanceKey key, TimeSpan backoff) => For(key).Backoffs[key.Index] = backoff.TotalSeconds;

    private Gauges For(InstanceKey key) => _gauges.GetOrAdd((key.Sandbox, key.Process), _ => new Gauges());

    private static KeyValuePair<string, object?>[] Tags(InstanceKey key) => [new("sandbox", key.Sandbox), new("process", key.Process)];

    private List<Measurement<int>> Observe(Func<Gauges, int> read) =>
        [.. _gauges.Select(g => new Measurement<int>(read(g.Value), new("sandbox", g.Key.Sandbox), new("process", g.Key.Process)))];

    private List<Measurement<double>> ObserveBackoff() =>
        [.. _gauges.Select(g => new Measurement<double>(g.Value.Backoffs.Values.DefaultIfEmpty(0).Max(), new("sandbox", g.Key.Sandbox), new("process", g.Key.Process)))];

    private sealed class Gauges
    {
        public int Running;
        public ConcurrentDictionary<int, double> Backoffs { get; } = new();
    }
}

using System.Collections.Immutable;
using System.Diagnostics.Metrics;

namespace Verwalter.Storage;

/// <summary>
/// The node's current storage faults, keyed by path: failed writes of the stored schedule, its
/// backups and the render logs, and damaged files set apart. A fault stays until the same path
/// is written successfully (<see cref="Clear"/>). Read by <c>/v1/status</c> (<c>errors</c>), by
/// <c>/readyz</c> (degraded) and exported as <c>verwalter_storage_faults</c> and
/// <c>verwalter_storage_failures_total</c>.
/// </summary>
public sealed class StorageFaults
{
    /// <summary>The areas faults are counted under (the metric's <c>area</c> tag).</summary>
    public static readonly ImmutableArray<string> Areas = ["schedule", "backup", "log"];

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Counter<long>? _failures;
    private ImmutableSortedDictionary<string, StorageFault> _faults = ImmutableSortedDictionary.Create<string, StorageFault>(StringComparer.Ordinal);

    public StorageFaults(TimeProvider time, IMeterFactory? meterFactory = null)
    {
        _time = time;
        if (meterFactory is not null)
        {
            var meter = meterFactory.Create("Verwalter");
            _failures = meter.CreateCounter<long>("verwalter_storage_failures_total", description: "Failed storage writes and damaged files found, by area (schedule, backup, log).");
            meter.CreateObservableGauge("verwalter_storage_faults", Observe, description: "Storage faults current now, by area; zero once every path is written again.");
            foreach (var area in Areas)
            {
                _failures.Add(0, new KeyValuePair<string, object?>("area", area));
            }
        }
    }

    /// <summary>Every current fault, by path.</summary>
    public ImmutableSortedDictionary<string, StorageFault> Current
    {
        get
        {
            lock (_lock)
            {
                return _faults;
            }
        }
    }

    /// <summary>Records a failed operation on <paramref name="path"/>; returns the fault as it stands now.</summary>
    public StorageFault Report(string area, string path, Exception exception) =>
        Report(area, path, StorageErrors.Name(exception), exception.Message);

    /// <summary>Records a fault with an explicit error name (e.g. <c>corrupt</c>, <c>blocked</c>).</summary>
    public StorageFault Report(string area, string path, string error, string message)
    {
        var now = _time.GetUtcNow();
        StorageFault fault;
        lock (_lock)
        {
            fault = _faults.TryGetValue(path, out var old) && old.Error == error
                ? old with { Message = message, LastSeen = now, Attempts = old.Attempts + 1 }
                : new StorageFault(area, path, error, message, now, now, 1);
            _faults = _faults.SetItem(path, fault);
        }

        _failures?.Add(1, new KeyValuePair<string, object?>("area", area));
        return fault;
    }

    /// <summary>The path was written successfully: its fault (if any) is over. Returns whether there was one.</summary>
    public bool Clear(string path)
    {
        lock (_lock)
        {
            var before = _faults;
            _faults = _faults.Remove(path);
            return !ReferenceEquals(before, _faults);
        }
    }

    /// <summary>Every fault of <paramref name="area"/> is over (e.g. a render log was written again).</summary>
    public void ClearArea(string area)
    {
        lock (_lock)
        {
            _faults = _faults.RemoveRange(_faults.Where(f => f.Value.Area == area).Select(f => f.Key));
        }
    }

    private IEnumerable<Measurement<int>> Observe()
    {
        var faults = Current;
        return Areas.Select(area => new Measurement<int>(faults.Values.Count(f => f.Area == area), new KeyValuePair<string, object?>("area", area)));
    }
}

using System.Diagnostics.Metrics;

namespace Verwalter.Tests.Reconciliation;

/// <summary>A MeterListener that keeps every measurement of one factory's meters.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<Recorded> _recorded = [];
    private readonly Dictionary<string, string?> _units = [];
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MetricsRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                lock (_recorded)
                {
                    _units[instrument.Name] = instrument.Unit;
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    public void ObserveGauges() => _listener.RecordObservableInstruments();

    public string? Unit(string instrument)
    {
        lock (_recorded)
        {
            return _units.GetValueOrDefault(instrument);
        }
    }

    public IReadOnlyList<Recorded> Get(string instrument, params (string Key, string Value)[] tags)
    {
        lock (_recorded)
        {
            return _recorded
                .Where(r => r.Instrument == instrument && tags.All(t => r.Tags.TryGetValue(t.Key, out var v) && Equals(v, t.Value)))
                .ToList();
        }
    }

    public double Sum(string instrument, params (string Key, string Value)[] tags) => Get(instrument, tags).Sum(r => r.Value);

    public double Last(string instrument, params (string Key, string Value)[] tags) => Get(instrument, tags)[^1].Value;

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        TaskCompletionSource release;
        lock (_recorded)
        {
            _recorded.Add(new Recorded(instrument.Name, value, copy));
            release = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        release.TrySetResult();
    }

    /// <summary>Completes once the instrument has at least <paramref name="count"/> measurements.</summary>
    public async Task WaitForAsync(string instrument, int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_recorded)
            {
                if (_recorded.Count(r => r.Instrument == instrument) >= count)
                {
                    return;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }

    internal sealed record Recorded(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);
}

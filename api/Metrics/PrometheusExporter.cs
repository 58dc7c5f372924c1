using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Verwalter.Api.Metrics;

/// <summary>
/// Listens to the instruments of one meter and renders them in the Prometheus text
/// exposition format 0.0.4. Synchronous instruments are aggregated as measurements arrive;
/// observable instruments are read on every <see cref="Render"/>. Thread-safe.
/// </summary>
/// <remarks>
/// Measurements recorded before the exporter exists are not seen, so create it at
/// startup (<see cref="MetricsEndpoints.MapMetrics"/> does).
/// </remarks>
internal sealed class PrometheusExporter : IDisposable
{
    /// <summary>The meter every Verwalter instrument is created on.</summary>
    public const string DefaultMeterName = "Verwalter";

    /// <summary>The content type of the text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Histogram buckets (seconds) used unless the instrument advises its own.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _collectLock = new();
    private readonly MeterListener _listener;
    private readonly string _meterName;
    private readonly object? _meterScope;
    private readonly bool _includeProcessMetrics;
    private bool _disposed;

    /// <param name="meterName">Only instruments of meters with this name are exported.</param>
    /// <param name="meterScope">
    /// When set, only meters whose <see cref="Meter.Scope"/> is this object (the
    /// <see cref="IMeterFactory"/> that created them) are exported, so two hosts in one
    /// process, or parallel tests, do not see each other's instruments.
    /// </param>
    /// <param name="includeProcessMetrics">Append the <c>process_*</c> families.</param>
    public PrometheusExporter(
        string meterName = DefaultMeterName,
        object? meterScope = null,
        bool includeProcessMetrics = true)
    {
        _meterName = meterName;
        _meterScope = meterScope;
        _includeProcessMetrics = includeProcessMetrics;
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<byte>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<short>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<int>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<long>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<float>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<double>((i, v, t, s) => Record(i, v, t, s));
        _listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => Record(i, (double)v, t, s));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and returns the whole exposition.</summary>
    public string Render()
    {
        lock (_collectLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var family in _families.Values)
            {
                family.ClearIfObservable();
            }

            _listener.RecordObservableInstruments();
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                family.Write(writer);
            }

            if (_includeProcessMetrics)
            {
                ProcessMetrics.Write(writer);
            }

            return writer.ToString();
        }
    }

    /// <summary>Renders and writes the exposition; the collection itself never blocks on I/O.</summary>
    public async Task WriteAsync(TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writer);
        await writer.WriteAsync(Render().AsMemory(), cancellationToken);
    }

    public void Dispose()
    {
        lock (_collectLock)
        {
            _disposed = true;
            _listener.Dispose();
        }
    }

    private static void Record(
        Instrument instrument,
        double value,
        ReadOnlySpan<KeyValuePair<string, object?>> tags,
        object? state)
    {
        if (state is MetricFamily family)
        {
            family.Record(value, PrometheusText.Labels(tags, instrument.Tags));
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        if (meter.Name != _meterName || (_meterScope is not null && !ReferenceEquals(meter.Scope, _meterScope)))
        {
            return;
        }

        if (InstrumentClassifier.Classify(instrument) is not { } classified)
        {
            return;
        }

        var (kind, observable) = classified;

        var name = PrometheusText.FamilyName(instrument, kind);
        var help = string.IsNullOrWhiteSpace(instrument.Description)
            ? $"Verwalter instrument {instrument.Name}."
            : instrument.Description;
        var family = _families.GetOrAdd(
            name,
            _ => new MetricFamily(name, help, kind, observable, InstrumentClassifier.Buckets(instrument)));

        // A second instrument whose name collides with a family of another kind is skipped
        // rather than producing an exposition Prometheus would reject.
        if (family.Kind == kind && family.IsObservable == observable)
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }
}

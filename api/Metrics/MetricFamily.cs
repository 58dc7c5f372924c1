using System.Collections.Concurrent;

namespace Verwalter.Api.Metrics;

/// <summary>
/// All series of one Prometheus metric family. Instruments that map to the same family
/// name and kind share it (for example the same counter created by two meters).
/// </summary>
internal sealed class MetricFamily(string name, string help, MetricKind kind, bool observable, double[] bounds)
{
    private readonly ConcurrentDictionary<string, MetricSeries> _series = new(StringComparer.Ordinal);

    public string Name => name;

    public MetricKind Kind => kind;

    /// <summary>
    /// Observable families are re-read on every scrape: their series are dropped first, so
    /// a label set the callback stopped reporting disappears.
    /// </summary>
    public bool IsObservable => observable;

    public void Record(double value, string labels)
    {
        if (double.IsNaN(value) && kind is not (MetricKind.Gauge or MetricKind.ObservedCounter))
        {
            return;
        }

        var series = _series.GetOrAdd(labels, static (key, count) => new MetricSeries(key, count), bounds.Length + 1);
        switch (kind)
        {
            case MetricKind.Counter when value >= 0:
            case MetricKind.UpDownCounter:
                series.Add(value);
                break;
            case MetricKind.ObservedCounter:
            case MetricKind.Gauge:
                series.Set(value);
                break;
            case MetricKind.Histogram:
                series.Observe(value, bounds);
                break;
            default:
                break;
        }
    }

    public void ClearIfObservable()
    {
        if (observable)
        {
            _series.Clear();
        }
    }

    /// <summary>Writes HELP, TYPE and every series sorted by label set; a family without series writes nothing.</summary>
    public void Write(TextWriter writer)
    {
        var series = _series.Values.OrderBy(s => s.Labels, StringComparer.Ordinal).ToList();
        if (series.Count == 0)
        {
            return;
        }

        var type = kind switch
        {
            MetricKind.Counter or MetricKind.ObservedCounter => "counter",
            MetricKind.Histogram => "histogram",
            _ => "gauge",
        };
        PrometheusText.WriteHeader(writer, name, help, type);
        foreach (var item in series)
        {
            if (kind == MetricKind.Histogram)
            {
                item.WriteHistogram(writer, name, bounds);
            }
            else
            {
                item.WriteValue(writer, name);
            }
        }
    }
}

using System.Diagnostics.Metrics;

namespace Verwalter.Api.Metrics;

/// <summary>Maps <see cref="Instrument"/> types to metric kinds and histogram buckets.</summary>
internal static class InstrumentClassifier
{
    /// <summary>The kind of an instrument and whether it is observable; <c>null</c> for unknown instrument types.</summary>
    public static (MetricKind Kind, bool Observable)? Classify(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return (MetricKind.Counter, false);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return (MetricKind.UpDownCounter, false);
        }

        if (definition == typeof(Histogram<>))
        {
            return (MetricKind.Histogram, false);
        }

        if (definition == typeof(Gauge<>))
        {
            return (MetricKind.Gauge, false);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return (MetricKind.ObservedCounter, true);
        }

        if (definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            return (MetricKind.Gauge, true);
        }

        return null;
    }

    /// <summary>
    /// The advised bucket boundaries of a histogram (sorted, finite, distinct), or
    /// <see cref="PrometheusExporter.DefaultBuckets"/> when it advises none.
    /// </summary>
    public static double[] Buckets(Instrument instrument)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var bounds = (advised ?? PrometheusExporter.DefaultBuckets)
            .Where(double.IsFinite)
            .Distinct()
            .Order()
            .ToArray();
        return bounds;
    }
}

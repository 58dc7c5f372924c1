namespace Verwalter.Api.Metrics;

/// <summary>
/// How measurements of one metric family are aggregated and which Prometheus type it is
/// exposed as.
/// </summary>
internal enum MetricKind
{
    /// <summary>A <c>Counter&lt;T&gt;</c>: increments are summed; exposed as a counter.</summary>
    Counter,

    /// <summary>An <c>ObservableCounter&lt;T&gt;</c>: reports its running total; exposed as a counter.</summary>
    ObservedCounter,

    /// <summary>An <c>UpDownCounter&lt;T&gt;</c>: signed increments are summed; exposed as a gauge.</summary>
    UpDownCounter,

    /// <summary>A gauge or observable up-down counter: the last value wins; exposed as a gauge.</summary>
    Gauge,

    /// <summary>A <c>Histogram&lt;T&gt;</c>: values fall into explicit buckets; exposed as a histogram.</summary>
    Histogram,
}

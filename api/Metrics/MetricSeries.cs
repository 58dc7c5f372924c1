namespace Verwalter.Api.Metrics;

/// <summary>
/// The aggregate of one label set of one family: a value, or histogram buckets with sum
/// and count. Updates and reads take a per-series lock, so a scrape sees a consistent
/// histogram (bucket counts that add up to <c>_count</c>).
/// </summary>
internal sealed class MetricSeries(string labels, int bucketCount)
{
    private readonly Lock _lock = new();
    private readonly long[] _buckets = new long[bucketCount];
    private double _value;
    private double _sum;
    private long _count;

    /// <summary>The rendered, sorted label set, also the series key.</summary>
    public string Labels => labels;

    public void Add(double delta)
    {
        lock (_lock)
        {
            _value += delta;
        }
    }

    public void Set(double value)
    {
        lock (_lock)
        {
            _value = value;
        }
    }

    /// <summary>Counts a value into the first bucket whose upper bound is not below it; the last bucket is <c>+Inf</c>.</summary>
    public void Observe(double value, double[] bounds)
    {
        var index = bounds.Length;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (value <= bounds[i])
            {
                index = i;
                break;
            }
        }

        lock (_lock)
        {
            _buckets[index]++;
            _sum += value;
            _count++;
        }
    }

    public void WriteValue(TextWriter writer, string name)
    {
        double value;
        lock (_lock)
        {
            value = _value;
        }

        PrometheusText.WriteSample(writer, name, labels, value);
    }

    /// <summary>Writes cumulative <c>_bucket</c> lines (ending in <c>le="+Inf"</c>), then <c>_sum</c> and <c>_count</c>.</summary>
    public void WriteHistogram(TextWriter writer, string name, double[] bounds)
    {
        var buckets = new long[_buckets.Length];
        double sum;
        long count;
        lock (_lock)
        {
            Array.Copy(_buckets, buckets, buckets.Length);
            sum = _sum;
            count = _count;
        }

        var prefix = labels.Length > 0 ? labels + "," : string.Empty;
        var bucketName = name + "_bucket";
        long cumulative = 0;
        for (var i = 0; i < buckets.Length; i++)
        {
            cumulative += buckets[i];
            var bound = i < bounds.Length ? bounds[i] : double.PositiveInfinity;
            var le = prefix + "le=\"" + PrometheusText.Number(bound) + "\"";
            PrometheusText.WriteSample(writer, bucketName, le, cumulative);
        }

        PrometheusText.WriteSample(writer, name + "_sum", labels, sum);
        PrometheusText.WriteSample(writer, name + "_count", labels, count);
    }
}

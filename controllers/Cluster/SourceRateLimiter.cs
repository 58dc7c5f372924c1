using System.Net;

namespace Verwalter.Cluster;

/// <summary>
/// A token bucket per source IP address (pure, single-threaded; time in stopwatch ticks from the
/// caller's <see cref="TimeProvider"/>). Checked before the tag, so a flood costs a dictionary
/// lookup per datagram. The table is bounded: idle buckets (full again) are forgotten when it
/// fills, and sources beyond it are refused until room appears.
/// </summary>
internal sealed class SourceRateLimiter(double perSecond, int burst, int maxSources, long ticksPerSecond)
{
    private readonly Dictionary<IPAddress, Bucket> _buckets = [];

    public int Sources => _buckets.Count;

    public bool TryAcquire(IPAddress source, long nowTicks)
    {
        if (!_buckets.TryGetValue(source, out var bucket))
        {
            if (_buckets.Count >= maxSources && !Forget(nowTicks))
            {
                return false;
            }

            _buckets[source] = new Bucket(burst - 1, nowTicks);
            return true;
        }

        var tokens = Refill(bucket, nowTicks);
        if (tokens < 1)
        {
            _buckets[source] = new Bucket(tokens, nowTicks);
            return false;
        }

        _buckets[source] = new Bucket(tokens - 1, nowTicks);
        return true;
    }

    private double Refill(Bucket bucket, long nowTicks) =>
        Math.Min(burst, bucket.Tokens + (Math.Max(0, nowTicks - bucket.At) * perSecond / ticksPerSecond));

    private bool Forget(long nowTicks)
    {
        var before = _buckets.Count;
        foreach (var source in _buckets.Where(b => Refill(b.Value, nowTicks) >= burst).Select(b => b.Key).ToList())
        {
            _buckets.Remove(source);
        }

        return _buckets.Count < before;
    }

    private readonly record struct Bucket(double Tokens, long At);
}

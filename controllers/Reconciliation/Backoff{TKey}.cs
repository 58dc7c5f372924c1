namespace Verwalter.Reconciliation;

/// <summary>
/// Per-key capped exponential backoff with jitter, in the spirit of client-go's
/// <c>ItemExponentialFailureRateLimiter</c> and Polly's exponential retry: the n-th consecutive
/// failure of a key waits <c>base * 2^n</c>, capped, scaled by a random factor in
/// [1 - <see cref="JitterRatio"/>, 1 + <see cref="JitterRatio"/>) and capped again. Success
/// forgets the key (consul-template's reset on success). No clock: callers schedule the delay.
/// </summary>
internal sealed class Backoff<TKey>(TimeSpan baseDelay, TimeSpan cap, IRandomSource random) where TKey : notnull
{
    public const double Factor = 2.0;

    /// <summary>Spread of the jitter around the exponential delay, so failing keys do not retry in lockstep.</summary>
    public const double JitterRatio = 0.2;

    // 2^40 * any sane base is far beyond any cap; keeps Math.Pow finite.
    private const int MaxExponent = 40;

    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, int> _failures = [];

    public TimeSpan BaseDelay { get; } = baseDelay > TimeSpan.Zero
        ? baseDelay
        : throw new ArgumentOutOfRangeException(nameof(baseDelay), baseDelay, "Backoff base must be positive.");

    public TimeSpan Cap { get; } = cap >= baseDelay
        ? cap
        : throw new ArgumentOutOfRangeException(nameof(cap), cap, "Backoff cap must not be below the base.");

    /// <summary>Consecutive failures recorded for the key since its last reset.</summary>
    public int Failures(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Records one more failure of the key and returns how long to wait before retrying.</summary>
    public TimeSpan Next(TKey key)
    {
        int exponent;
        lock (_lock)
        {
            exponent = _failures.GetValueOrDefault(key);
            _failures[key] = exponent + 1;
        }

        var raw = Math.Min(Cap.Ticks, BaseDelay.Ticks * Math.Pow(Factor, Math.Min(exponent, MaxExponent)));
        var jitter = 1.0 + (JitterRatio * ((2.0 * random.NextDouble()) - 1.0));
        return TimeSpan.FromTicks((long)Math.Min(Cap.Ticks, raw * jitter));
    }

    public void Reset(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }
}

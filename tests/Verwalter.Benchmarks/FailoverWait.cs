using System.Diagnostics;

namespace Verwalter.Benchmarks;

/// <summary>Polling with a deadline for the failover benchmark: a condition is tried every few milliseconds, never a fixed sleep.</summary>
internal static class FailoverWait
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Polls until <paramref name="probe"/> returns a value; throws with <paramref name="explain"/>'s text after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<CancellationToken, Task<T?>> probe, TimeSpan timeout, Func<string> explain) where T : class
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (await probe(attempt.Token) is { } value)
            {
                return value;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new FailoverException($"after {timeout.TotalSeconds:F0} s: {explain()}");
            }

            await Task.Delay(PollInterval, TimeProvider.System, CancellationToken.None);
        }
    }

    public static double Milliseconds(long since) => Stopwatch.GetElapsedTime(since).TotalMilliseconds;
}

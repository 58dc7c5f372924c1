using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Reconciliation;

/// <summary>Wraps the manual clock and signals every timer creation, so a test can wait for one.</summary>
internal sealed class NotifyingTimeProvider(ManualTimeProvider inner) : TimeProvider
{
    private readonly Lock _lock = new();
    private int _created;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ManualTimeProvider Inner { get; } = inner;

    public override DateTimeOffset GetUtcNow() => Inner.GetUtcNow();

    public override long GetTimestamp() => Inner.GetTimestamp();

    public override long TimestampFrequency => Inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Inner.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource release;
        lock (_lock)
        {
            _created++;
            release = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        release.TrySetResult();
        return timer;
    }

    /// <summary>Completes once at least <paramref name="count"/> timers have been created.</summary>
    public async Task WaitForTimersAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                if (_created >= count)
                {
                    return;
                }

                next = _next.Task;
            }

            await next.WaitAsync(cancellationToken);
        }
    }
}

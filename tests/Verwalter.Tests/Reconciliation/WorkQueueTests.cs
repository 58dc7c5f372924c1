using Verwalter.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Reconciliation;

public sealed class WorkQueueTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly WorkQueue<string> _queue;

    public WorkQueueTests() => _queue = new WorkQueue<string>(_time);

    [Fact]
    public void Add_SameKeyTwice_QueuedOnce()
    {
        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("b");

        Assert.Equal(2, _queue.Count);
        Assert.True(_queue.TryDequeue(out var first));
        Assert.True(_queue.TryDequeue(out var second));
        Assert.False(_queue.TryDequeue(out _));
        Assert.Equal(["a", "b"], new[] { first, second });
    }

    [Fact]
    public void Add_WhileProcessing_RequeuedOnceAfterDone()
    {
        _queue.Add("a");
        Assert.True(_queue.TryDequeue(out _));

        _queue.Add("a");
        _queue.Add("a");
        _queue.Add("a");
        Assert.Equal(0, _queue.Count);

        _queue.Done("a");
        Assert.Equal(1, _queue.Count);
        Assert.True(_queue.TryDequeue(out _));
        _queue.Done("a");
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public void Done_KeyNotProcessing_Throws() =>
        Assert.Throws<InvalidOperationException>(() => _queue.Done("a"));

    [Fact]
    public void AddAfter_BeforeDue_NotQueuedUntilClockAdvances()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, _queue.Count);
        Assert.Equal(1, _queue.WaitingCount);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _queue.Count);
        Assert.Equal(0, _queue.WaitingCount);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void AddAfter_EarlierDelayForWaitingKey_EarliestWins()
    {
        _queue.AddAfter("a", TimeSpan.FromSeconds(10));
        _queue.AddAfter("a", TimeSpan.FromSeconds(2));
        _queue.AddAfter("a", TimeSpan.FromSeconds(30));

        Assert.Equal(1, _time.ActiveTimers);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, _queue.Count);

        Assert.True(_queue.TryDequeue(out _));
        _queue.Done("a");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, _queue.Count);
    }

    [Fact]
    public void AddAfter_NonPositiveDelay_AddsAtOnce()
    {
        _queue.AddAfter("a", TimeSpan.Zero);

        Assert.Equal(1, _queue.Count);
        Assert.Equal(0, _time.ActiveTimers);
    }

    [Fact]
    public void AddAfter_DueWhileProcessing_RequeuedAfterDone()
    {
        _queue.Add("a");
        Assert.True(_queue.TryDequeue(out _));
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, _queue.Count);

        _queue.Done("a");
        Assert.Equal(1, _queue.Count);
    }

    [Fact]
    public async Task WaitToReadAsync_KeyAddedLater_Completes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var waiting = _queue.WaitToReadAsync(timeout.Token).AsTask();
        Assert.False(waiting.IsCompleted);

        _queue.Add("a");

        Assert.True(await waiting);
        Assert.True(_queue.TryDequeue(out var key));
        Assert.Equal("a", key);
    }

    [Fact]
    public async Task ShutDown_ReaderWaiting_ReturnsFalseAndCancelsTimers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        _queue.AddAfter("a", TimeSpan.FromSeconds(1));
        var waiting = _queue.WaitToReadAsync(timeout.Token).AsTask();

        _queue.ShutDown();

        Assert.False(await waiting);
        Assert.Equal(0, _time.ActiveTimers);
        _queue.Add("b");
        Assert.Equal(0, _queue.Count);
    }
}

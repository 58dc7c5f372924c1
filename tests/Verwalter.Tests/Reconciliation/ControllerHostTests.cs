using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

public sealed class ControllerHostTests
{
    [Fact]
    public async Task Reconcile_TwoWorkersKeyChangedMidPass_NeverConcurrentForOneKey()
    {
        await using var h = new HostHarness(workers: 2);
        var gate = new TaskCompletionSource();
        h.Reconciler.Handler = async (key, pass, ct) =>
        {
            if (key == "a" && pass == 1)
            {
                await gate.Task.WaitAsync(ct);
            }

            return ReconcileResult.Done;
        };
        await h.StartAsync();

        h.Host.Enqueue("a");
        await h.WaitForPassAsync("a", 1);
        h.Host.Enqueue("a");
        h.Host.Enqueue("b");
        await h.WaitForPassAsync("b", 1);

        Assert.Equal(1, h.Reconciler.Passes("a"));
        Assert.Equal(0, h.Host.QueueDepth);
        gate.SetResult();
        await h.WaitForPassAsync("a", 2);
        Assert.Equal(1, h.Reconciler.MaxConcurrentPerKey);
    }

    [Fact]
    public async Task Enqueue_ThreeTimesDuringPass_ExactlyOneMorePass()
    {
        await using var h = new HostHarness();
        var gate = new TaskCompletionSource();
        h.Reconciler.Handler = async (_, pass, ct) =>
        {
            if (pass == 1)
            {
                await gate.Task.WaitAsync(ct);
            }

            return ReconcileResult.Done;
        };
        await h.StartAsync();
        h.Host.Enqueue("a");
        await h.WaitForPassAsync("a", 1);

        h.Host.Enqueue("a");
        h.Host.Enqueue("a");
        h.Host.Enqueue("a");
        Assert.Equal(0, h.Host.QueueDepth);
        gate.SetResult();
        await h.WaitForPassAsync("a", 2);
        await h.SettleAsync();

        Assert.Equal(2, h.Reconciler.Passes("a"));
        Assert.Equal(0, h.Host.QueueDepth);
    }

    [Fact]
    public async Task Reconcile_RequeueAfter_RunsAgainOnlyWhenClockAdvances()
    {
        await using var h = new HostHarness();
        h.Reconciler.Handler = (_, pass, _) =>
            ValueTask.FromResult(pass == 1 ? ReconcileResult.After(TimeSpan.FromSeconds(30)) : ReconcileResult.Done);
        await h.StartAsync();
        h.Host.Enqueue("a");
        await h.WaitForPassAsync("a", 1);
        await h.SettleAsync();

        h.Time.Advance(TimeSpan.FromSeconds(29));
        await h.SettleAsync();
        Assert.Equal(1, h.Reconciler.Passes("a"));

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.WaitForLogAsync(1002, "a");
        Assert.Equal(2, h.Reconciler.Passes("a"));
    }

    [Fact]
    public async Task EnqueueAfter_KeyAlreadyWaiting_EarliestWins()
    {
        await using var h = new HostHarness();
        await h.StartAsync();

        h.Host.EnqueueAfter("a", TimeSpan.FromMinutes(1));
        h.Host.EnqueueAfter("a", TimeSpan.FromSeconds(5));
        h.Time.Advance(TimeSpan.FromSeconds(5));
        await h.WaitForPassAsync("a", 1);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        await h.SettleAsync();

        Assert.Equal(1, h.Reconciler.Passes("a"));
    }

    [Fact]
    public async Task ExecuteAsync_WatchSource_RunsAndEnqueues()
    {
        WatchingReconciler? watching = null;
        await using var h = new HostHarness(wrap: inner => watching = new WatchingReconciler(inner));
        await h.StartAsync();

        await h.WaitForPassAsync("from-watch", 1);

        Assert.Equal(1, watching!.Starts);
        await h.Host.StopAsync(h.Timeout);
        await watching.Cancelled.Task.WaitAsync(h.Timeout);
    }

    [Fact]
    public async Task ExecuteAsync_WatchSourceFails_RestartsAfterBackoff()
    {
        var time = new NotifyingTimeProvider(new Testing.ManualTimeProvider());
        var reconciler = new ScriptedReconciler();
        var watching = new WatchingReconciler(reconciler) { FailFirstStart = true };
        using var factory = new TestMeterFactory();
        using var host = new ControllerHost<string>(
            new ControllerHostOptions { Name = "watch" }, watching, time, new FixedRandomSource(0.5), new ControllerMetrics(factory), new ListLogger());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StartAsync(timeout.Token);

        await time.WaitForTimersAsync(1, timeout.Token);
        Assert.Equal("watch broke", host.Status.Current.LastError);
        time.Inner.Advance(ControllerHostOptions.DefaultBackoffBase);
        await reconciler.WaitForPassAsync("from-watch", 1, timeout.Token);

        Assert.Equal(2, watching.Starts);
        await host.StopAsync(timeout.Token);
    }

    [Fact]
    public async Task StopAsync_PassInFlight_CancelsCleanly()
    {
        await using var h = new HostHarness();
        var cancelled = new TaskCompletionSource();
        h.Reconciler.Handler = async (_, _, ct) =>
        {
            try
            {
                await new TaskCompletionSource().Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }

            return ReconcileResult.Done;
        };
        await h.StartAsync();
        h.Host.EnqueueAfter("later", TimeSpan.FromMinutes(1));
        h.Host.Enqueue("a");
        await h.WaitForPassAsync("a", 1);

        await h.Host.StopAsync(h.Timeout);

        await cancelled.Task.WaitAsync(h.Timeout);
        Assert.True(h.Host.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Null(h.Host.Status.Current.LastError);
        Assert.Equal(0, h.Time.ActiveTimers);
        Assert.Equal(0, h.Host.ActiveWorkers);
        Assert.Contains(h.Logger.Entries, e => e.EventId == 1006);
        Assert.Contains(h.Logger.Entries, e => e.EventId == 1001);
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        using var factory = new TestMeterFactory();
        var metrics = new ControllerMetrics(factory);
        var time = new Testing.ManualTimeProvider();

        Assert.Throws<ArgumentOutOfRangeException>(() => new ControllerHost<string>(
            new ControllerHostOptions { Name = "x", Workers = 0 }, new ScriptedReconciler(), time, new FixedRandomSource(0.5), metrics, new ListLogger()));
        Assert.Throws<ArgumentException>(() => new ControllerHost<string>(
            new ControllerHostOptions(), new ScriptedReconciler(), time, new FixedRandomSource(0.5), metrics, new ListLogger()));
    }
}

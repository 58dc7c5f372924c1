using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

public sealed class ControllerMetricsTests
{
    private const string Controller = HostHarness.ControllerName;

    [Fact]
    public async Task Reconcile_EachResult_CountedWithTagsAndDuration()
    {
        var factory = new TestMeterFactory();
        using var recorder = new MetricsRecorder(factory);
        await using var h = new HostHarness(meterFactory: factory);
        h.Reconciler.Handler = (key, _, _) => key switch
        {
            "later" => ValueTask.FromResult(ReconcileResult.After(TimeSpan.FromMinutes(1))),
            "bad" => throw new InvalidOperationException("boom"),
            "fatal" => throw new TerminalReconcileException("bad input"),
            _ => ValueTask.FromResult(ReconcileResult.Done),
        };
        await h.StartAsync();

        foreach (var key in new[] { "ok", "later", "bad", "fatal" })
        {
            h.Host.Enqueue(key);
        }

        await recorder.WaitForAsync(ControllerMetrics.ReconcileDurationName, 4, h.Timeout);

        Assert.Equal(1, Total(recorder, ControllerMetrics.ResultSuccess));
        Assert.Equal(1, Total(recorder, ControllerMetrics.ResultRequeueAfter));
        Assert.Equal(1, Total(recorder, ControllerMetrics.ResultError));
        Assert.Equal(1, Total(recorder, ControllerMetrics.ResultTerminal));
        Assert.Equal(2, recorder.Sum(ControllerMetrics.ReconcileErrorsTotalName, (ControllerMetrics.ControllerTag, Controller)));
        Assert.Equal(4, recorder.Get(ControllerMetrics.ReconcileDurationName, (ControllerMetrics.ControllerTag, Controller)).Count);
        Assert.Equal("s", recorder.Unit(ControllerMetrics.ReconcileDurationName));
    }

    [Fact]
    public async Task Register_NewController_CreatesZeroSeriesForEveryResult()
    {
        var factory = new TestMeterFactory();
        using var recorder = new MetricsRecorder(factory);
        await using var h = new HostHarness(meterFactory: factory);
        await h.StartAsync();
        await h.SettleAsync();

        foreach (var result in new[] { ControllerMetrics.ResultSuccess, ControllerMetrics.ResultError, ControllerMetrics.ResultRequeueAfter, ControllerMetrics.ResultTerminal })
        {
            Assert.Contains(
                recorder.Get(ControllerMetrics.ReconcileTotalName, (ControllerMetrics.ControllerTag, Controller), (ControllerMetrics.ResultTag, result)),
                r => r.Value == 0);
        }

        Assert.Contains(recorder.Get(ControllerMetrics.ReconcileErrorsTotalName, (ControllerMetrics.ControllerTag, Controller)), r => r.Value == 0);
    }

    [Fact]
    public async Task ObserveGauges_PassRunningAndKeysWaiting_ReportsDepthAndActiveWorkers()
    {
        var factory = new TestMeterFactory();
        using var recorder = new MetricsRecorder(factory);
        await using var h = new HostHarness(meterFactory: factory);
        var gate = new TaskCompletionSource();
        h.Reconciler.Handler = async (key, _, ct) =>
        {
            if (key == "slow")
            {
                await gate.Task.WaitAsync(ct);
            }

            return ReconcileResult.Done;
        };
        await h.StartAsync();
        h.Host.Enqueue("slow");
        await h.WaitForPassAsync("slow", 1);
        h.Host.Enqueue("x");
        h.Host.Enqueue("y");

        recorder.ObserveGauges();

        Assert.Equal(2, recorder.Last(ControllerMetrics.WorkQueueDepthName, (ControllerMetrics.ControllerTag, Controller)));
        Assert.Equal(1, recorder.Last(ControllerMetrics.ActiveWorkersName, (ControllerMetrics.ControllerTag, Controller)));
        gate.SetResult();
        await h.SettleAsync();
        recorder.ObserveGauges();
        Assert.Equal(0, recorder.Last(ControllerMetrics.WorkQueueDepthName, (ControllerMetrics.ControllerTag, Controller)));
    }

    [Fact]
    public void Constructor_MeterFromFactory_NamedVerwalter()
    {
        using var factory = new TestMeterFactory();

        var metrics = new ControllerMetrics(factory);

        Assert.Equal("Verwalter", metrics.Meter.Name);
        Assert.Same(factory, metrics.Meter.Scope);
    }

    private static double Total(MetricsRecorder recorder, string result) =>
        recorder.Sum(ControllerMetrics.ReconcileTotalName, (ControllerMetrics.ControllerTag, Controller), (ControllerMetrics.ResultTag, result));
}

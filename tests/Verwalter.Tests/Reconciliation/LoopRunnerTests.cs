using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Verwalter.Reconciliation;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Reconciliation;

public sealed class LoopRunnerTests : IDisposable
{
    private const string LoopName = "test-loop";
    private const int PassFailed = 1020;
    private const int Recovered = 1021;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(10));
    private readonly NotifyingTimeProvider _time = new(new ManualTimeProvider());
    private readonly ListLogger _logger = new();
    private readonly TestMeterFactory _meters = new();
    private readonly Channel<int> _succeeded = Channel.CreateUnbounded<int>();
    private readonly SemaphoreSlim _release = new(0);

    public void Dispose()
    {
        _timeout.Dispose();
        _meters.Dispose();
        _release.Dispose();
    }

    [Fact]
    public async Task RunAsync_PassKeepsFailing_BacksOffExponentiallyAndSuccessResets()
    {
        using var recorder = new MetricsRecorder(_meters);
        var runner = Runner(new ControllerMetrics(_meters));
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(Pass(failing: [1, 2, 3, 5]), WaitForRelease, stop.Token);

        var timers = 0;
        foreach (var (pass, delay) in new[] { (1, 100), (2, 200), (3, 400) })
        {
            await _time.WaitForTimersAsync(++timers, _timeout.Token);
            var now = _time.GetUtcNow();
            var failed = runner.Status.Current;
            Assert.Equal($"boom {pass}", failed.LastError);
            Assert.Equal(now, failed.LastErrorAt);
            Assert.Equal(now + TimeSpan.FromMilliseconds(delay), failed.NextRetry);
            Assert.Equal(pass, failed.ConsecutiveFailures);
            Assert.Null(failed.LastSuccess);

            _time.Inner.Advance(TimeSpan.FromMilliseconds(delay - 1));
            Assert.Equal(pass, runner.Status.Current.ConsecutiveFailures);
            _time.Inner.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(4, await _succeeded.Reader.ReadAsync(_timeout.Token));
        var recovered = runner.Status.Current;
        Assert.Equal(_time.GetUtcNow(), recovered.LastSuccess);
        Assert.Null(recovered.LastError);
        Assert.Equal(0, recovered.ConsecutiveFailures);
        Assert.Equal(0, runner.ConsecutiveFailures);
        Assert.Contains(_logger.Entries, e => e.EventId == Recovered && e.Level == LogLevel.Information && e.Message.Contains("3 failure(s)", StringComparison.Ordinal));

        _release.Release();
        await _time.WaitForTimersAsync(++timers, _timeout.Token);
        var again = runner.Status.Current;
        Assert.Equal("boom 5", again.LastError);
        Assert.Equal(1, again.ConsecutiveFailures);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMilliseconds(100), again.NextRetry);

        recorder.ObserveGauges();
        Assert.Equal(1, recorder.Sum(ControllerMetrics.ReconcileTotalName, (ControllerMetrics.ControllerTag, LoopName), (ControllerMetrics.ResultTag, ControllerMetrics.ResultSuccess)));
        Assert.Equal(4, recorder.Sum(ControllerMetrics.ReconcileTotalName, (ControllerMetrics.ControllerTag, LoopName), (ControllerMetrics.ResultTag, ControllerMetrics.ResultError)));
        Assert.Equal(4, recorder.Sum(ControllerMetrics.ReconcileErrorsTotalName, (ControllerMetrics.ControllerTag, LoopName)));
        Assert.Equal(7, recorder.Last(ControllerMetrics.WorkQueueDepthName, (ControllerMetrics.ControllerTag, LoopName)));
        Assert.Equal(0, recorder.Last(ControllerMetrics.ActiveWorkersName, (ControllerMetrics.ControllerTag, LoopName)));

        await stop.CancelAsync();
        await run.WaitAsync(_timeout.Token);
    }

    [Fact]
    public async Task RunAsync_PassFails_LogsErrorWithTheExceptionAndRetryDelay()
    {
        var error = new InvalidOperationException("boom");
        var runner = Runner(metrics: null);
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync<int>(_ => throw error, (_, _) => Task.CompletedTask, stop.Token);

        await _time.WaitForTimersAsync(1, _timeout.Token);
        var failed = Assert.Single(_logger.Entries, e => e.EventId == PassFailed);
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Same(error, failed.Exception);
        Assert.Contains(LoopName, failed.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:00.1000000", failed.Message, StringComparison.Ordinal);

        await stop.CancelAsync();
        await run.WaitAsync(_timeout.Token);
    }

    [Fact]
    public async Task RunAsync_BackoffReachesTheCap_StaysThere()
    {
        var runner = Runner(metrics: null);
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync<int>(_ => throw new InvalidOperationException("boom"), (_, _) => Task.CompletedTask, stop.Token);

        foreach (var (timers, delay) in new[] { (1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (6, 1000) })
        {
            await _time.WaitForTimersAsync(timers, _timeout.Token);
            Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMilliseconds(delay), runner.Status.Current.NextRetry);
            _time.Inner.Advance(TimeSpan.FromMilliseconds(delay));
        }

        await stop.CancelAsync();
        await run.WaitAsync(_timeout.Token);
    }

    [Fact]
    public async Task RunAsync_StoppedWhileWaiting_EndsQuietlyAndLeavesTheGauges()
    {
        using var recorder = new MetricsRecorder(_meters);
        var runner = Runner(new ControllerMetrics(_meters));
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(Pass(failing: []), WaitForRelease, stop.Token);
        Assert.Equal(1, await _succeeded.Reader.ReadAsync(_timeout.Token));

        await stop.CancelAsync();
        await run.WaitAsync(_timeout.Token);

        Assert.Equal(0, runner.Status.Current.ConsecutiveFailures);
        Assert.DoesNotContain(_logger.Entries, e => e.EventId == PassFailed);
        recorder.ObserveGauges();
        Assert.Empty(recorder.Get(ControllerMetrics.WorkQueueDepthName, (ControllerMetrics.ControllerTag, LoopName)));
    }

    [Fact]
    public async Task RunAsync_PassCancelledByStop_IsNotAFailure()
    {
        var runner = Runner(metrics: null);
        using var stop = new CancellationTokenSource();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = runner.RunAsync(
            async ct =>
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
                return 0;
            },
            (_, _) => Task.CompletedTask,
            stop.Token);
        await entered.Task.WaitAsync(_timeout.Token);

        await stop.CancelAsync();
        await run.WaitAsync(_timeout.Token);

        Assert.Equal(0, runner.Status.Current.ConsecutiveFailures);
        Assert.Null(runner.Status.Current.LastError);
    }

    private LoopRunner Runner(ControllerMetrics? metrics) =>
        new(LoopName, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), () => 7, _time, new FixedRandomSource(0.5), metrics, _logger);

    /// <summary>Pass n throws for the listed n and otherwise returns n.</summary>
    private static Func<CancellationToken, ValueTask<int>> Pass(int[] failing)
    {
        var passes = 0;
        return _ =>
        {
            var pass = Interlocked.Increment(ref passes);
            return failing.Contains(pass) ? throw new InvalidOperationException($"boom {pass}") : ValueTask.FromResult(pass);
        };
    }

    /// <summary>Announces the finished pass and waits until the test lets the loop go on.</summary>
    private async Task WaitForRelease(int pass, CancellationToken cancellationToken)
    {
        _succeeded.Writer.TryWrite(pass);
        await _release.WaitAsync(cancellationToken);
    }
}

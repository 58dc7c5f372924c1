using Microsoft.Extensions.Logging;
using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

public sealed class ControllerHostFailureTests
{
    private const int Failed = 1004;
    private const int Terminal = 1005;
    private const int Reconciled = 1002;
    private const int Recovered = 1007;

    [Fact]
    public async Task Reconcile_KeepsFailing_BacksOffExponentiallyAndResetsAfterSuccess()
    {
        await using var h = new HostHarness();
        h.Reconciler.Handler = (_, pass, _) => pass is 1 or 2 or 3 or 5
            ? throw new InvalidOperationException($"boom {pass}")
            : ValueTask.FromResult(ReconcileResult.Done);
        await h.StartAsync();
        h.Host.Enqueue("a");

        var pass = 1;
        foreach (var delay in new[] { 100, 200, 400 })
        {
            await h.WaitForLogAsync(Failed, "a", count: pass);
            var now = h.Time.GetUtcNow();
            var status = h.Host.Status.Current;
            Assert.Equal($"boom {pass}", status.LastError);
            Assert.Equal(now, status.LastErrorAt);
            Assert.Equal(now + TimeSpan.FromMilliseconds(delay), status.NextRetry);

            h.Time.Advance(TimeSpan.FromMilliseconds(delay - 1));
            await h.SettleAsync();
            Assert.Equal(pass, h.Reconciler.Passes("a"));

            h.Time.Advance(TimeSpan.FromMilliseconds(1));
            await h.WaitForPassAsync("a", ++pass);
        }

        await h.WaitForLogAsync(Recovered, "a");
        Assert.Equal(h.Time.GetUtcNow(), h.Host.Status.Current.LastSuccess);

        h.Host.Enqueue("a");
        await h.WaitForLogAsync(Failed, "a", count: 4);
        Assert.Equal("boom 5", h.Host.Status.Current.LastError);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMilliseconds(100), h.Host.Status.Current.NextRetry);
    }

    [Fact]
    public async Task Reconcile_Fails_LogsWarningWithExceptionInsideScope()
    {
        await using var h = new HostHarness();
        var error = new InvalidOperationException("boom");
        h.Reconciler.Handler = (_, _, _) => throw error;
        await h.StartAsync();
        h.Host.Enqueue("a");
        await h.WaitForLogAsync(Failed, "a");

        var failed = Assert.Single(h.Logger.Entries, e => e.EventId == Failed);
        Assert.Equal(LogLevel.Warning, failed.Level);
        Assert.Same(error, failed.Exception);
        Assert.Contains("00:00:00.1000000", failed.Message, StringComparison.Ordinal);
        var scope = Assert.IsType<KeyValuePair<string, object?>[]>(h.Logger.Scopes[0]);
        Assert.Equal(["Controller", "Key", "ReconcileId"], scope.Select(p => p.Key));
        Assert.Equal(HostHarness.ControllerName, scope[0].Value);
        Assert.Equal("a", scope[1].Value);
    }

    [Fact]
    public async Task Reconcile_Terminal_NotRetriedUntilEnqueuedAgain()
    {
        await using var h = new HostHarness();
        h.Reconciler.Handler = (_, pass, _) => pass == 1
            ? throw new TerminalReconcileException("bad input")
            : ValueTask.FromResult(ReconcileResult.Done);
        await h.StartAsync();
        h.Host.Enqueue("a");
        await h.WaitForLogAsync(Terminal, "a");

        var status = h.Host.Status.Current;
        Assert.Equal("bad input", status.LastError);
        Assert.Null(status.NextRetry);
        Assert.Contains(h.Logger.Entries, e => e.EventId == Terminal && e.Level == LogLevel.Error && e.Exception is TerminalReconcileException);
        await h.SettleAsync();
        Assert.Equal(0, h.Time.ActiveTimers);
        h.Time.Advance(TimeSpan.FromHours(1));
        await h.SettleAsync();
        Assert.Equal(1, h.Reconciler.Passes("a"));

        h.Host.Enqueue("a");
        await h.WaitForLogAsync(Reconciled, "a");
        Assert.Equal(2, h.Reconciler.Passes("a"));
    }

    [Fact]
    public async Task Reconcile_FailsAfterSuccess_StatusKeepsLastSuccessAndRecordsError()
    {
        await using var h = new HostHarness();
        h.Reconciler.Handler = (_, pass, _) => pass == 2
            ? throw new InvalidOperationException("disk full")
            : ValueTask.FromResult(ReconcileResult.Done);
        await h.StartAsync();
        h.Host.Enqueue("a");
        await h.WaitForLogAsync(Reconciled, "a");
        var firstSuccess = h.Host.Status.Current.LastSuccess;
        Assert.Equal(h.Time.GetUtcNow(), firstSuccess);
        Assert.Null(h.Host.Status.Current.LastError);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        h.Host.Enqueue("a");
        await h.WaitForLogAsync(Failed, "a");

        var status = h.Host.Status.Current;
        Assert.Equal("disk full", status.LastError);
        Assert.Equal(h.Time.GetUtcNow(), status.LastErrorAt);
        Assert.Equal(firstSuccess, status.LastSuccess);
        Assert.Equal(1, status.ConsecutiveFailures);
    }
}

using Microsoft.Extensions.Logging;

namespace Verwalter.Reconciliation;

// EventIds 1000-1099 belong to the reconcile engine.
public sealed partial class ControllerHost<TKey>
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Controller {Controller} starting with {Workers} worker(s)")]
    private partial void LogStarting(string controller, int workers);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Controller {Controller} stopped")]
    private partial void LogStopped(string controller);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Reconciled {Key} in {ElapsedMs} ms")]
    private partial void LogReconciled(TKey key, double elapsedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "Reconciled {Key} in {ElapsedMs} ms; looking again in {RequeueAfter}")]
    private partial void LogReconciledRequeue(TKey key, double elapsedMs, TimeSpan requeueAfter);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Reconcile of {Key} failed ({Failures} in a row); retrying in {RetryIn}")]
    private partial void LogFailed(Exception exception, TKey key, int failures, TimeSpan retryIn);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Reconcile of {Key} failed and will not be retried until the key changes")]
    private partial void LogTerminal(Exception exception, TKey key);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Debug, Message = "Reconcile of {Key} cancelled because the controller is stopping")]
    private partial void LogCancelled(TKey key);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Reconcile of {Key} succeeded after {Failures} failure(s)")]
    private partial void LogRecovered(TKey key, int failures);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Error, Message = "Watch source of {Controller} failed; restarting it in {RetryIn}")]
    private partial void LogWatchFailed(Exception exception, string controller, TimeSpan retryIn);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "Watch source of {Controller} completed")]
    private partial void LogWatchEnded(string controller);
}

using Verwalter.Reconciliation;

namespace Verwalter.Scheduling;

/// <summary>
/// The storage loop (single key): when a schedule write failed, it retries the pending write
/// through its controller host, which backs off between failures (1 s doubling to 30 s) and resets
/// on success. The in-memory schedule is published and replicated meanwhile; only the file lags.
/// </summary>
internal sealed class ScheduleStoreFlusher(ScheduleStore store) : IReconciler<string>, IWatchSource<string>
{
    public const string Key = "storage";

    public static readonly TimeSpan BackoffBase = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan BackoffCap = TimeSpan.FromSeconds(30);

    public async Task WatchAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await store.WaitForPendingAsync(cancellationToken).ConfigureAwait(false);
            queue.Enqueue(Key);
        }
    }

    public ValueTask<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        if (!store.TryFlush())
        {
            var fault = store.Faults.Current.GetValueOrDefault(store.SchedulePath);
            throw new IOException(fault?.Describe() ?? $"{store.SchedulePath}: write failed");
        }

        return ValueTask.FromResult(ReconcileResult.Done);
    }
}

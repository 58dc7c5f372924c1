using Verwalter.Reconciliation;

namespace Verwalter.Tests.Reconciliation;

/// <summary>A reconciler with a watch source that enqueues "from-watch" and then waits for shutdown.</summary>
internal sealed class WatchingReconciler(ScriptedReconciler inner) : IReconciler<string>, IWatchSource<string>
{
    private int _starts;

    public bool FailFirstStart { get; init; }

    public int Starts => Volatile.Read(ref _starts);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken) =>
        inner.ReconcileAsync(key, cancellationToken);

    public async Task WatchAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _starts) == 1 && FailFirstStart)
        {
            throw new IOException("watch broke");
        }

        queue.Enqueue("from-watch");
        try
        {
            await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }
    }
}

namespace Verwalter.Reconciliation;

/// <summary>
/// A level-based reconciler: the key is only an identity, the pass reads current snapshots and
/// never the event that woke it. The engine guarantees a key is never reconciled twice at once.
/// </summary>
public interface IReconciler<in TKey> where TKey : notnull
{
    ValueTask<ReconcileResult> ReconcileAsync(TKey key, CancellationToken cancellationToken);
}

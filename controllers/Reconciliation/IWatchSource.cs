namespace Verwalter.Reconciliation;

/// <summary>
/// Optional companion of a reconciler: turns outside changes (files, packets, other loops'
/// snapshots) into keys. The controller host runs it next to its workers for its whole life.
/// </summary>
public interface IWatchSource<TKey> where TKey : notnull
{
    Task WatchAsync(IQueueWriter<TKey> queue, CancellationToken cancellationToken);
}

namespace Verwalter.Reconciliation;

/// <summary>The producer side of a controller's work queue.</summary>
public interface IQueueWriter<in TKey> where TKey : notnull
{
    /// <summary>Queues the key now. A key already queued is not queued twice; a key being
    /// reconciled is queued once more after the running pass.</summary>
    void Enqueue(TKey key);

    /// <summary>Queues the key once <paramref name="delay"/> has passed on the injected clock.
    /// When the key is already waiting, the earlier time wins.</summary>
    void EnqueueAfter(TKey key, TimeSpan delay);
}

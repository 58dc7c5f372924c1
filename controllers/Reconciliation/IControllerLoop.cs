namespace Verwalter.Reconciliation;

/// <summary>
/// A loop this process runs, as the status API, the readiness check and <c>ControllerRegistry</c>
/// see it: keyed controller hosts of any key type and the hand-written loops (gossip, leadership,
/// replication) alike.
/// </summary>
public interface IControllerLoop
{
    /// <summary>The loop's name in the status API, logs and metric tags (e.g. "render", "leadership").</summary>
    string Name { get; }

    ControllerStatus Status { get; }

    /// <summary>Work waiting for the loop (queued keys, unread datagrams); null for a loop without a queue.</summary>
    int? QueueDepth { get; }
}

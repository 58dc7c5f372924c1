namespace Verwalter.Cluster;

/// <summary>Why the transport dropped a received datagram (the <c>reason</c> label of the drop counter).</summary>
internal enum DropReason
{
    Oversized,
    Truncated,
    UnknownChannel,
    BadTag,
    Stale,
    Replay,
    RateLimited,
    QueueFull,
}

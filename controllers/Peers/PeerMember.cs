namespace Verwalter.Peers;

/// <summary>
/// One remote node as this node sees it. <see cref="LastReportDirect"/> is the last time a packet
/// came straight from that node; <see cref="Rtt"/> is measured from our own ping to its direct ack.
/// </summary>
internal sealed record PeerMember(
    string Id,
    string Address,
    string Hostname,
    string Name,
    MemberState State,
    uint Incarnation,
    DateTimeOffset KnownSince,
    DateTimeOffset StateSince,
    DateTimeOffset? LastReportDirect,
    TimeSpan? Rtt,
    DateTimeOffset? RttMeasuredAt,
    DateTimeOffset? LastProbeAt,
    long ProbesSent,
    long PingsReceived,
    long AcksReceived);

namespace Verwalter.Peers;

/// <summary>
/// One node's claim about one member: the unit both piggybacked on pings and acks and sent in
/// full-state syncs. <paramref name="Id"/> is 32 lower-case hex digits, <paramref name="Address"/>
/// is <c>ip:port</c>.
/// </summary>
internal sealed record MemberUpdate(
    string Id,
    string Address,
    string Hostname,
    string Name,
    uint Incarnation,
    MemberState State);

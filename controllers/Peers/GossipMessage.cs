using System.Collections.Immutable;

namespace Verwalter.Peers;

/// <summary>
/// One datagram. <paramref name="Sender"/> is always the sender's own alive record (so every packet
/// is also a direct report); <paramref name="Target"/> is set only for <see cref="MessageKind.PingReq"/>.
/// </summary>
internal sealed record GossipMessage(
    MessageKind Kind,
    uint Sequence,
    MemberUpdate Sender,
    MemberUpdate? Target,
    ImmutableArray<MemberUpdate> Updates);

using System.Collections.Immutable;
using System.Net;

namespace Verwalter.Leadership;

/// <summary>
/// Who may speak in the election, checked where datagrams enter, before the pure
/// <see cref="ElectionMachine"/> sees them. A packet counts only if its sender id is a known member
/// (the peer source's membership: gossip, cantal or the peers file) or it comes from a seed address
/// (<c>--join</c>), so a node that is in no membership can change nobody's election state: its
/// Pings, Votes and pre-votes never reach the machine and its epoch is never adopted. Without a
/// cluster key this is the only barrier; a sender that copies a member's id still gets through,
/// which is what the key is for (docs/controllers/leadership.md).
/// </summary>
internal sealed record ElectionGate(string Self, ImmutableHashSet<string> Members, ImmutableHashSet<IPEndPoint> Seeds)
{
    /// <summary>The datagram did not decode (<see cref="ElectionCodec"/>).</summary>
    public const string Malformed = "malformed";

    /// <summary>The sender id is in no membership and the datagram did not come from a seed address.</summary>
    public const string NonMember = "non_member";

    /// <summary>The datagram carries this node's own id.</summary>
    public const string OwnId = "own_id";

    /// <summary>A member's Pong, Vote, PreVote or PreVoteGrant of an epoch older than ours; the election rules ignore it.</summary>
    public const string StaleEpoch = "stale_epoch";

    /// <summary>Every reason, for the zero series of <c>verwalter_election_packets_dropped_total</c>.</summary>
    public static readonly ImmutableArray<string> Reasons = [Malformed, NonMember, OwnId, StaleEpoch];

    public static ElectionGate Create(string self, IEnumerable<string> members, IEnumerable<string> seeds) =>
        new(
            self,
            members.Where(m => m != self).ToImmutableHashSet(StringComparer.Ordinal),
            [.. seeds.Select(s => IPEndPoint.TryParse(s, out var endpoint) && endpoint.Port > 0 ? Normalize(endpoint) : null).OfType<IPEndPoint>()]);

    /// <summary>
    /// Null when the machine must see the packet; otherwise the reason it is dropped. A
    /// <see cref="StaleEpoch"/> packet changes no election state; the caller still hands it to the
    /// machine, which only notes the member's schedule stamp from it.
    /// </summary>
    public string? Check(ElectionPacket packet, IPEndPoint from, long currentEpoch)
    {
        if (packet.Sender == Self)
        {
            return OwnId;
        }

        if (!Members.Contains(packet.Sender) && !Seeds.Contains(Normalize(from)))
        {
            return NonMember;
        }

        return packet.Epoch < currentEpoch && packet.Message is not PingMessage ? StaleEpoch : null;
    }

    /// <summary>True when the machine must not see a packet dropped for <paramref name="reason"/>.</summary>
    public static bool Blocks(string? reason) => reason is not (null or StaleEpoch);

    private static IPEndPoint Normalize(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;
}

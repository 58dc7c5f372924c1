using System.Collections.Immutable;

namespace Verwalter.Peers;

/// <summary>
/// An immutable, versioned snapshot of the membership (self excluded), ordered by id. The version
/// grows whenever a member joins or changes state.
/// </summary>
internal sealed record PeerSet(long Version, string SelfId, ImmutableArray<PeerMember> Members)
{
    public static PeerSet Empty(string selfId) => new(0, selfId, []);

    public int CountIn(MemberState state) => Members.Count(m => m.State == state);
}

namespace Verwalter.Peers;

/// <summary>A member entered a new state in this node's view at <paramref name="At"/>.</summary>
internal sealed record MembershipChange(MembershipChangeKind Kind, PeerMember Member, DateTimeOffset At);

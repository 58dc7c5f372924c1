namespace Verwalter.Peers;

/// <summary>What happened to a member, as reported in <see cref="MembershipChange"/>.</summary>
internal enum MembershipChangeKind
{
    Joined,
    Alive,
    Suspect,
    Dead,
}

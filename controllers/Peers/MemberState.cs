namespace Verwalter.Peers;

/// <summary>How this node currently judges a member. Order matters: a later state wins at equal incarnation.</summary>
internal enum MemberState : byte
{
    Alive = 0,
    Suspect = 1,
    Dead = 2,
}

namespace Verwalter.Leadership;

/// <summary>Where a node is in the election protocol (spec §3.2, plus the pre-vote round).</summary>
internal enum ElectionPhase
{
    Starting,
    PreVoting,
    Electing,
    Voted,
    Leader,
    Follower,
}

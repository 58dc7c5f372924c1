namespace Verwalter.Leadership;

/// <summary>A known peer; <paramref name="LastHeardDirect"/> is when this node last heard it itself (null: never).</summary>
internal sealed record ElectionPeer(string Id, DateTimeOffset? LastHeardDirect);

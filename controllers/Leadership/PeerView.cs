namespace Verwalter.Leadership;

/// <summary>
/// The membership the election counts its quorum over. <paramref name="IsFresh"/> false means the
/// peer source is stale: the node then returns to Starting when its next deadline passes.
/// </summary>
internal sealed record PeerView(IReadOnlyList<ElectionPeer> Peers, bool IsFresh = true)
{
    public static PeerView Empty { get; } = new([]);

    public static PeerView Of(DateTimeOffset heard, params string[] ids) =>
        new(ids.Select(id => new ElectionPeer(id, heard)).ToArray());
}

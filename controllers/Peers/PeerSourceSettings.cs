namespace Verwalter.Peers;

/// <summary>
/// The peer source chosen on the command line: seeds for gossip (<c>--join</c>), or an external
/// cantal (<c>--cantal-url</c>), or a static file (<c>--peers-file</c>). At most one of the last two.
/// <paramref name="DaemonPort"/> turns a cantal address into this daemon's address on that host.
/// </summary>
internal sealed record PeerSourceSettings(IReadOnlyList<string> Join, Uri? CantalUrl, string? PeersFile, int DaemonPort)
{
    /// <summary>Where gossip keeps known peer addresses across restarts (<see cref="PeerAddressStore"/>); null to keep none.</summary>
    public string? StorageDir { get; init; }

    public static PeerSourceSettings Gossip(int port, params string[] join) => new(join, null, null, port);

    public string Kind => CantalUrl is not null ? "cantal" : PeersFile is not null ? "file" : "gossip";
}

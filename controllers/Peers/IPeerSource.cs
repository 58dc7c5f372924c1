using System.Net;

namespace Verwalter.Peers;

/// <summary>
/// Where this node's peer list comes from: the built-in gossip (default), an external cantal, or a
/// static file. Exactly one source runs; it publishes <see cref="PeerSet"/> snapshots through
/// <c>SnapshotPublisher&lt;PeerSet&gt;</c>, which is all the other loops and the HTTP API read.
/// </summary>
internal interface IPeerSource
{
    /// <summary><c>gossip</c>, <c>cantal</c> or <c>file</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// cantal's <c>add_host</c>: asks the source to contact a node known only by address. Returns
    /// null when accepted (contact happens in the background), else why this source cannot do it.
    /// </summary>
    ValueTask<string?> AddHostAsync(IPEndPoint address, CancellationToken cancellationToken);
}

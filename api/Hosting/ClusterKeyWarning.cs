namespace Verwalter.Api.Hosting;

/// <summary>
/// The one warning a node that takes part in a cluster without <c>--cluster-key-file</c> logs at
/// start: without a key nothing authenticates gossip and election datagrams (docs/controllers/peers.md).
/// </summary>
internal static partial class ClusterKeyWarning
{
    /// <summary>Logs the warning once when <paramref name="cluster"/> names peers (any source) but no key file.</summary>
    public static bool LogIfMissing(ILogger logger, ClusterSettings cluster, int port)
    {
        if (cluster.ClusterKeyFile is not null)
        {
            return false;
        }

        var source = cluster.Join.Count > 0 ? "--join" : cluster.CantalUrl is not null ? "--cantal-url" : cluster.PeersFile is not null ? "--peers-file" : null;
        if (source is null)
        {
            return false;
        }

        LogMissing(logger, source, port);
        return true;
    }

    [LoggerMessage(EventId = 2605, Level = LogLevel.Warning, Message = "Cluster without a key: started with {Source} but without --cluster-key-file, so gossip and election datagrams are not authenticated and any host that reaches UDP port {Port} can forge them. Create a key once (head -c 32 /dev/urandom | base64 > FILE; chmod 600 FILE) and pass --cluster-key-file FILE to every node")]
    private static partial void LogMissing(ILogger logger, string source, int port);
}

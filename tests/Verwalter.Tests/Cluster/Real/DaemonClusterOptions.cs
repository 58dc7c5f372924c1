namespace Verwalter.Tests.Cluster.Real;

/// <summary>What a <see cref="DaemonCluster"/> starts.</summary>
public sealed record DaemonClusterOptions(string ConfigDir)
{
    /// <summary>How many daemons (1-20: each is a real .NET process on a shared machine).</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>Loopback addresses (127.77.x.y, one port) or one network namespace per node (needs root).</summary>
    public ClusterNetworkKind Network { get; init; } = ClusterNetworkKind.Loopback;

    /// <summary>Pass <c>--join &lt;node 1&gt;</c> to nodes 2..N; null: only when the daemon has the option.</summary>
    public bool? Join { get; init; }

    /// <summary>More daemon arguments for the node with this 0-based index (e.g. <c>--allow-minority-cluster</c>).</summary>
    public Func<int, IEnumerable<string>>? ExtraArgs { get; init; }
}

namespace Verwalter.Tests.Cluster.Real;

/// <summary>Where the daemons of a <see cref="DaemonCluster"/> live.</summary>
public enum ClusterNetworkKind
{
    /// <summary>Each node on its own 127.77.x.y address, all on one free port; no links to cut.</summary>
    Loopback,

    /// <summary>Each node in its own network namespace on a shared bridge (10.77.0.x:8379); links can be cut.</summary>
    Namespaces,
}

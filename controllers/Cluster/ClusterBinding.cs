using System.Net;

namespace Verwalter.Cluster;

/// <summary>Where the cluster transport binds (the daemon's host and port) and the cluster key, if any.</summary>
internal sealed record ClusterBinding(IPEndPoint Bind, byte[]? Key);

using System.Net;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>One node's place in a <see cref="NetnsNetwork"/>: its namespace, its address on <c>eth0</c>, and its port on the bridge.</summary>
public sealed record NetnsNode(int Index, string Namespace, IPAddress Address, string BridgePort)
{
    public const string Interface = "eth0";
}

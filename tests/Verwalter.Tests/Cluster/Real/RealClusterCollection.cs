namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// Tests that start several real daemons run one class at a time: each daemon is a whole .NET
/// process, and the test machines have two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealClusterCollection
{
    public const string Name = "real cluster";
}

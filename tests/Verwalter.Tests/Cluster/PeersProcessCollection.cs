namespace Verwalter.Tests.Cluster;

/// <summary>
/// The multi-daemon tests start up to five processes; they run alone, after the parallel tests,
/// so they neither starve timing-sensitive tests (Lua deadlines) nor get starved themselves.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PeersProcessCollection
{
    public const string Name = "Peers processes";
}

using Verwalter.Api.Cli;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Cli;

public sealed class UpPlanTests
{
    [Fact]
    public void Build_ThreeNodesWithJoin_AddressesNamesAndJoinToFirstNode()
    {
        var nodes = UpPlan.Build(3, 8379, "/cfg", "/work", joinSupported: true);

        Assert.Equal(["127.0.0.1:8379", "127.0.0.2:8379", "127.0.0.3:8379"], nodes.Select(n => n.Endpoint.ToString()));
        Assert.Equal(["node-1", "node-2", "node-3"], nodes.Select(n => n.Name));
        Assert.DoesNotContain("--join", nodes[0].DaemonArgs);
        Assert.All(nodes.Skip(1), n => Assert.Equal("127.0.0.1:8379", n.DaemonArgs[n.DaemonArgs.ToList().IndexOf("--join") + 1]));
        Assert.Equal(3, nodes.Select(n => n.MachineId).Distinct().Count());
        Assert.All(nodes, n => Assert.Matches("^[0-9a-f]{32}$", n.MachineId));
        Assert.Equal(Path.Combine("/work", "node-2", "storage"), Arg(nodes[1], "--storage-dir"));
        Assert.Equal("node-3", Arg(nodes[2], "--hostname"));
        Assert.Equal("127.0.0.3", Arg(nodes[2], "--host"));
    }

    [Fact]
    public void Build_JoinNotSupported_PassesNoJoin()
    {
        var nodes = UpPlan.Build(2, 9000, "/cfg", "/work", joinSupported: false);
        Assert.All(nodes, n => Assert.DoesNotContain("--join", n.DaemonArgs));
        Assert.Equal("9000", Arg(nodes[1], "--port"));
    }

    [Fact]
    public void Build_ExtraDaemonArgs_GoToEveryNodeAfterTheOwnOnes()
    {
        var nodes = UpPlan.Build(2, 8379, "/cfg", "/work", joinSupported: false, ["--allow-minority-cluster"]);
        Assert.All(nodes, n => Assert.Equal("--allow-minority-cluster", n.DaemonArgs[^1]));
        Assert.All(nodes, n => Assert.Equal("daemon", n.DaemonArgs[0]));
    }

    [Fact]
    public void MachineId_SameWorkDir_IsStableAndDiffersByWorkDir()
    {
        Assert.Equal(UpPlan.MachineId("/a", 1), UpPlan.MachineId("/a", 1));
        Assert.NotEqual(UpPlan.MachineId("/a", 1), UpPlan.MachineId("/b", 1));
    }

    [Fact]
    public void FindExampleConfig_FromTheBuildOutput_FindsTheBundledExample()
    {
        var found = UpExecutable.FindExampleConfig("/nonexistent", AppContext.BaseDirectory);
        Assert.Equal(Path.Combine(RepositoryPaths.Examples, "realistic"), found);
    }

    [Fact]
    public void DaemonSupports_KnownAndUnknownOptions()
    {
        Assert.True(UpExecutable.DaemonSupports("--override-machine-id"));
        Assert.False(UpExecutable.DaemonSupports("--no-such-option"));
    }

    private static string Arg(UpNode node, string name) => node.DaemonArgs[node.DaemonArgs.ToList().IndexOf(name) + 1];
}

using System.Globalization;

namespace Verwalter.Tests.Cluster.Real;

/// <summary>
/// Five real daemons on loopback addresses: kill -9 the leader, a new leader takes over, and every
/// survivor converges on its schedule and re-renders from it.
/// </summary>
[Collection(RealClusterCollection.Name)]
public sealed class FailoverTests : IDisposable
{
    private const int Nodes = 5;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private readonly ClusterTestConfig _config = new();
    private readonly DirectoryInfo _out = Directory.CreateTempSubdirectory("verwalter-failover-out-");

    public FailoverTests()
    {
        // One role on every node the leader knows; each node renders the runtime value into its own file.
        _config.Write("scheduler/v1/main.lua", """
            return { scheduler = function(input)
              local value = input.runtime.app and input.runtime.app.value or 0
              local nodes = { [input.current_host] = { roles = { app = {} } } }
              for _, peer in pairs(input.peers or {}) do
                if peer.hostname and peer.state ~= "dead" then nodes[peer.hostname] = { roles = { app = {} } } end
              end
              return { roles = { app = { template = "app/v1", value = value, leader = input.current_host } }, nodes = nodes }
            end }
            """);
        _config.Write("templates/app/v1/app.render.yaml", "templates:\n  main: main.hbs\n  install: install.sh.hbs\ncommands:\n- !Cmd [sh, \"{{ files.install }}\", \"{{ files.main }}\"]\n");
        _config.Write("templates/app/v1/main.hbs", "value={{ value }} leader={{ leader }}\n");
        _config.Write(
            "templates/app/v1/install.sh.hbs",
            $"set -e\nmkdir -p {_out.FullName}/{{{{ node }}}}\ncp \"$1\" {_out.FullName}/{{{{ node }}}}/app.conf.tmp\nmv {_out.FullName}/{{{{ node }}}}/app.conf.tmp {_out.FullName}/{{{{ node }}}}/app.conf\n");
        WriteValue(1);
    }

    [Fact]
    public async Task FiveDaemons_KillLeader_NewLeaderSchedulesAndEverySurvivorReRenders()
    {
        await using var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir) { Nodes = Nodes, Join = true });
        await cluster.WaitAllReadyAsync(Timeout);
        var all = Enumerable.Range(0, Nodes).ToArray();
        var leader = await cluster.WaitForAgreedLeaderAsync(all, Timeout);
        var leaderName = cluster.Nodes.Single(n => n.MachineId == leader).Name;
        await WaitRenderedAsync(cluster, all, $"value=1 leader={leaderName}");

        var killed = cluster.Nodes.Single(n => n.MachineId == leader).Index;
        await cluster.KillHardAsync(killed);
        var survivors = all.Where(i => i != killed).ToArray();
        var elected = await cluster.WaitForAgreedLeaderAsync(survivors, Timeout, not: leader);
        var electedName = cluster.Nodes.Single(n => n.MachineId == elected).Name;

        // The new leader's own schedule reaches every survivor's render loop...
        await WaitRenderedAsync(cluster, survivors, $"value=1 leader={electedName}");

        // ...and so does its next one, after a runtime change.
        WriteValue(2);
        await WaitRenderedAsync(cluster, survivors, $"value=2 leader={electedName}");
        foreach (var i in survivors)
        {
            var schedule = await cluster.GetJsonAsync(i, "/v1/schedule");
            Assert.Equal(elected, schedule?["origin"]?.GetValue<string>());
        }
    }

    public void Dispose()
    {
        _config.Dispose();
        _out.Delete(recursive: true);
    }

    private void WriteValue(int value) =>
        _config.Write("runtime/app.yaml", string.Create(CultureInfo.InvariantCulture, $"value: {value}\n"));

    private Task WaitRenderedAsync(DaemonCluster cluster, int[] nodes, string expected) =>
        cluster.WaitUntilAsync(
            _ => Task.FromResult(nodes.All(i => Read(cluster[i].Name) == expected)),
            Timeout,
            $"\"{expected}\" rendered on {string.Join(", ", nodes.Select(i => cluster[i].Name))}; now: "
                + string.Join(", ", nodes.Select(i => $"{cluster[i].Name}: {Read(cluster[i].Name) ?? "nothing"}")));

    private string? Read(string node)
    {
        try
        {
            return File.ReadAllText(Path.Combine(_out.FullName, node, "app.conf")).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}

using Microsoft.Playwright;
using Verwalter.Tests.Cluster.Real;

namespace Verwalter.Tests.Ui;

/// <summary>
/// The web UI of a follower in a real three-daemon cluster on loopback addresses: it shows the
/// leader and the peers, and follows a leader change without a reload.
/// </summary>
[Collection(RealClusterCollection.Name)]
[Trait("Category", "Browser")]
public sealed class UiClusterTests : IDisposable
{
    private const int Nodes = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);
    private readonly ClusterTestConfig _config = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public async Task FollowerPage_LeaderKilled_ShowsTheNewLeaderWithoutReload()
    {
        await using var cluster = await DaemonCluster.StartAsync(new DaemonClusterOptions(_config.Dir) { Nodes = Nodes, Join = true });
        await cluster.WaitAllReadyAsync(Timeout);
        var all = Enumerable.Range(0, Nodes).ToArray();
        var leader = await cluster.WaitForAgreedLeaderAsync(all, Timeout);
        var leaderNode = cluster.Nodes.Single(n => n.MachineId == leader);
        var follower = cluster.Nodes.First(n => n.MachineId != leader);
        await using var browser = await UiBrowser.LaunchAsync();
        var page = await browser.NewPageAsync();

        await page.GotoAsync($"http://{follower.Endpoint}/peers");
        var peers = page.GetByTestId("peers");
        var others = cluster.Nodes.Where(n => n != follower).Select(n => n.Name).Order(StringComparer.Ordinal).ToArray();
        await Assertions.Expect(peers.Locator("tbody tr")).ToHaveCountAsync(others.Length, new() { Timeout = 30000 });
        Assert.Equal(others, await peers.Locator("tbody tr td:first-child").AllInnerTextsAsync());
        await peers.GetByRole(AriaRole.Button, new() { Name = "Hostname" }).ClickAsync();
        Assert.Equal(others.Reverse(), await peers.Locator("tbody tr td:first-child").AllInnerTextsAsync());
        await page.GetByLabel("Filter").FillAsync(others[0]);
        Assert.Equal([others[0]], await peers.Locator("tbody tr td:first-child").AllInnerTextsAsync());
        await UiBrowser.ScreenshotAsync(page, "cluster-peers");

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("election")).ToHaveTextAsync("follower");
        await Assertions.Expect(page.GetByTestId("leader")).ToContainTextAsync(leaderNode.Name);
        await page.EvaluateAsync("() => { window.verwalterMarker = 1; }");

        await cluster.KillHardAsync(leaderNode.Index);
        var survivors = all.Where(i => i != leaderNode.Index).ToArray();
        var elected = await cluster.WaitForAgreedLeaderAsync(survivors, Timeout, not: leader);
        var electedNode = cluster.Nodes.Single(n => n.MachineId == elected);
        await Assertions.Expect(page.GetByTestId("leader")).ToContainTextAsync(electedNode.Name);
        await Assertions.Expect(page.GetByTestId("election")).ToHaveTextAsync(electedNode == follower ? "leader (stable)" : "follower");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.verwalterMarker"));
        await UiBrowser.ScreenshotAsync(page, "cluster-new-leader");
        Assert.Empty(browser.Errors);
    }
}

using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>
/// The real daemon with the realistic example's Lua scheduler as the main one and its JavaScript
/// twin (<c>runtime-examples/realistic-js</c>) as the shadow <c>js</c>: the shadow runs on the same
/// input and its data differs from the main data only where JavaScript has no integral floats.
/// </summary>
public sealed class JsShadowDaemonTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-js-shadow-");

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    [Fact]
    public async Task Daemon_JsTwinAsShadowOfLuaMain_RunsOnTheSameInputAndDiffersOnlyInFloatForm()
    {
        CopyTree(Path.Combine(RepositoryPaths.Examples, "realistic", "runtime"), Path.Combine(ConfigDir, "runtime"));
        CopyTree(Path.Combine(RepositoryPaths.Examples, "realistic", "scheduler", "v1"), Path.Combine(ConfigDir, "scheduler", "v1"));
        CopyTree(Path.Combine(RepositoryPaths.Examples, "realistic-js", "scheduler", "v1"), Path.Combine(ConfigDir, "scheduler", "shadow", "js"));
        await using var daemon = DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), Path.Combine(_root.FullName, "log"));

        var list = await Eventually.WaitAsync(async () =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            var body = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/shadow"));
            return body?["shadows"]?["js"] is not null ? body : null;
        }, Timeout, "shadow js listed\n" + daemon.Output);

        var entry = list["shadows"]!["js"]!;
        Assert.True(entry["ok"]!.GetValue<bool>(), entry.ToJsonString());
        Assert.Equal("js", entry["engine"]!.GetValue<string>());
        var main = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/schedule"))!;
        var shadow = JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/shadow/js/schedule"))!;
        var mainData = main["data"]!;
        var shadowData = shadow["data"]!;
        Assert.Equal("realistic-example", shadowData["vars"]!["scheduler"]!.GetValue<string>());
        Assert.Equal(mainData["roles"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal), shadowData["roles"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(3, shadowData["roles"]!.AsObject().Count);
        Assert.Equal(mainData["state"]!.ToJsonString(), shadowData["state"]!.ToJsonString());
        Assert.Equal(mainData["nodes"]!.ToJsonString(), shadowData["nodes"]!.ToJsonString());
        Assert.Equal(mainData["changes"]!.ToJsonString(), shadowData["changes"]!.ToJsonString());

        // The worker's cpu is 2.0 in Lua and 2 in JavaScript: equal values (an empty diff), other text, so another hash.
        Assert.Empty(shadow["diff"]!.AsArray());
        Assert.Equal("2.0", mainData["roles"]!["worker"]!["cpu"]!.ToJsonString());
        Assert.Equal("2", shadowData["roles"]!["worker"]!["cpu"]!.ToJsonString());
        Assert.NotEqual(main["hash"]!.GetValue<string>(), shadow["hash"]!.GetValue<string>());
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    public void Dispose() => _root.Delete(recursive: true);
}

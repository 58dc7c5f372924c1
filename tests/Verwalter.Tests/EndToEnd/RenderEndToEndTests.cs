using System.Net;
using System.Text.Json.Nodes;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.EndToEnd;

/// <summary>The real daemon rendering the realistic example into a temporary output folder.</summary>
public sealed class RenderEndToEndTests : IDisposable
{
    private const string ExampleRoot = "/tmp/verwalter-example";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-render-e2e-");

    private string ConfigDir => Path.Combine(_root.FullName, "config");

    private string Out => Path.Combine(_root.FullName, "out");

    private string LogDir => Path.Combine(_root.FullName, "log");

    public RenderEndToEndTests()
    {
        CopyTree(Path.Combine(RepositoryPaths.Examples, "realistic"), ConfigDir);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ConfigDir, "templates"), "*.render.yaml", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace(ExampleRoot, Out, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Daemon_Example_RendersEveryRoleThenReappliesOnlyWhatChanged()
    {
        await using var daemon = Start();
        await WithDaemonOutput(daemon, () => RendersEveryRoleThenReappliesOnlyWhatChanged(daemon));
    }

    private async Task RendersEveryRoleThenReappliesOnlyWhatChanged(DaemonProcess daemon)
    {
        var webProcesses = Path.Combine(Out, "web", "processes.yaml");
        var workerProcesses = Path.Combine(Out, "worker", "processes.yaml");
        var cacheProcesses = Path.Combine(Out, "cache", "processes.yaml");
        await WaitFor(daemon, () => File.Exists(webProcesses) && File.Exists(workerProcesses) && File.Exists(cacheProcesses), "all roles rendered");
        await Eventually.WaitAsync(async () => (await Status(daemon))["role_states"]!.AsArray().Count == 3, Timeout, "all three applies finished");

        Assert.Contains("memory-mb: 320", File.ReadAllText(webProcesses), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Out, "web", "nginx.conf")));
        Assert.True(File.Exists(Path.Combine(Out, "web", "upstreams", "alpha.conf")));
        Assert.Equal(["default.ini", "mail.ini", "reports.ini"], Directory.GetFiles(Path.Combine(Out, "worker", "queues")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var status = await Status(daemon);
        Assert.Empty(status["failed_roles"]!.AsArray());
        Assert.Equal(3, status["roles"]!.GetValue<int>());
        var index = File.ReadAllText(Path.Combine(LogDir, ".index", "latest"));
        Assert.Contains("\"DeploymentStart\"", index, StringComparison.Ordinal);
        Assert.Contains("\"DeploymentFinish\"", index, StringComparison.Ordinal);
        Assert.Contains("web.render.yaml", index, StringComparison.Ordinal);

        var worker = File.ReadAllText(workerProcesses);
        var cacheWritten = File.GetLastWriteTimeUtc(cacheProcesses);
        var versionFile = Path.Combine(ConfigDir, "runtime", "web", "v1.10.0.yaml");
        File.WriteAllText(versionFile, File.ReadAllText(versionFile).Replace("\"memory_mb\": 320", "\"memory_mb\": 400", StringComparison.Ordinal));
        await WaitFor(daemon, () => File.ReadAllText(webProcesses).Contains("memory-mb: 400", StringComparison.Ordinal), "web re-applied with the new memory");
        Assert.Equal(worker, File.ReadAllText(workerProcesses));
        Assert.Equal(cacheWritten, File.GetLastWriteTimeUtc(cacheProcesses));

        var template = Path.Combine(ConfigDir, "templates", "cache", "v1", "processes.yaml.sbn");
        File.AppendAllText(template, "# edited template\n");
        await WaitFor(daemon, () => File.ReadAllText(cacheProcesses).Contains("# edited template", StringComparison.Ordinal), "cache re-applied after its template changed");
        Assert.Equal(worker, File.ReadAllText(workerProcesses));

        using var roleLog = await daemon.Http.GetAsync("/v1/log/role/web/latest");
        Assert.Equal(HttpStatusCode.OK, roleLog.StatusCode);
        Assert.Contains("Template variables:", await roleLog.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_FailingRole_LeavesOthersAppliedAndClearsOnFix()
    {
        var workerRender = Path.Combine(ConfigDir, "templates", "worker", "v1", "worker.render.yaml");
        var good = File.ReadAllText(workerRender);
        File.WriteAllText(workerRender, good.Replace("commands:\n", "commands:\n- !Cmd [sh, -c, 'echo broken >&2; exit 7']\n", StringComparison.Ordinal));
        await using var daemon = Start();
        await WaitFor(daemon, () => File.Exists(Path.Combine(Out, "web", "processes.yaml")) && File.Exists(Path.Combine(Out, "cache", "processes.yaml")), "web and cache rendered");
        var status = await Eventually.WaitAsync(async () =>
        {
            var s = await Status(daemon);
            return s["failed_roles"]!.AsArray().Count > 0 ? s : null;
        }, Timeout, "worker marked failed");
        Assert.Equal(["worker"], status["failed_roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(File.Exists(Path.Combine(Out, "worker", "processes.yaml")));
        Assert.Contains("exit", status["role_states"]!.AsArray().Single(r => r!["role"]!.GetValue<string>() == "worker")!["error"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        var metrics = await daemon.Http.GetStringAsync("/metrics");
        Assert.Contains("verwalter_roles_failing 1", metrics, StringComparison.Ordinal);

        File.WriteAllText(workerRender, good);
        await Eventually.WaitAsync(async () => (await Status(daemon))["failed_roles"]!.AsArray().Count == 0, Timeout, "the failure mark cleared");
        Assert.True(File.Exists(Path.Combine(Out, "worker", "processes.yaml")));
    }

    private static async Task WithDaemonOutput(DaemonProcess daemon, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or TimeoutException)
        {
            throw new Xunit.Sdk.XunitException(ex.Message + "\n--- daemon output ---\n" + daemon.Output);
        }
    }

    private DaemonProcess Start() => DaemonProcess.Start(ConfigDir, Path.Combine(_root.FullName, "storage"), LogDir);

    private static async Task<JsonNode> Status(DaemonProcess daemon) => JsonNode.Parse(await daemon.Http.GetStringAsync("/v1/status"))!;

    private static Task WaitFor(DaemonProcess daemon, Func<bool> condition, string what) =>
        Eventually.WaitAsync(() =>
        {
            Assert.False(daemon.HasExited, "daemon exited:\n" + daemon.Output);
            return Task.FromResult(condition());
        }, Timeout, what);

    private static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    public void Dispose() => _root.Delete(recursive: true);
}

using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Charts;

/// <summary>charts/systemd: the units pass the real <c>systemd-analyze verify</c> and say what install.md promises.</summary>
public sealed class SystemdUnitTests : IDisposable
{
    private const string Analyze = "/usr/bin/systemd-analyze";
    private static readonly string[] Units = ["verwalter.service", "verwalter-supervisor.service"];
    private readonly SystemdRoot _root = new();

    public void Dispose() => _root.Dispose();

    private static string UnitText(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "charts", "systemd", name));

    [Fact]
    public async Task Verify_BothUnits_PassWithoutAnyMessage()
    {
        ToolRun.Require(Analyze, "systemd");
        foreach (var unit in Units)
        {
            _root.Install(unit, UnitText(unit));
        }

        var run = await VerifyAsync(Units);

        Assert.True(run.ExitCode == 0 && run.Output.Length == 0, $"systemd-analyze verify exited {run.ExitCode}:\n{run.Output}");
    }

    [Fact]
    public async Task Verify_BrokenUnit_IsReported()
    {
        ToolRun.Require(Analyze, "systemd");
        _root.Install("verwalter.service", UnitText("verwalter.service")
            .Replace("Restart=always", "Restart=sometimes", StringComparison.Ordinal)
            .Replace("ExecStart=/usr/bin/verwalter", "ExecStart=/usr/bin/verwalter-missing", StringComparison.Ordinal));

        var run = await VerifyAsync(["verwalter.service"]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("/usr/bin/verwalter-missing", run.Output, StringComparison.Ordinal);
        Assert.Contains("Failed to parse service restart specifier, ignoring: sometimes", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void DaemonUnit_RunsTheDaemonWithRestartAndHardening()
    {
        var unit = Settings(UnitText("verwalter.service"));

        Assert.StartsWith("/usr/bin/verwalter daemon --config-dir /etc/verwalter --storage-dir /var/lib/verwalter --log-dir /var/log/verwalter ", Assert.Single(unit["ExecStart"]), StringComparison.Ordinal);
        Assert.Equal(["always"], unit["Restart"]);
        Assert.Equal(["verwalter"], unit["StateDirectory"]);
        Assert.Equal(["verwalter"], unit["LogsDirectory"]);
        Assert.Contains("DOTNET_BUNDLE_EXTRACT_BASE_DIR=/var/cache/verwalter", unit["Environment"]);
        Assert.Equal(["verwalter"], unit["CacheDirectory"]);
        Assert.Equal(["strict"], unit["ProtectSystem"]);
        Assert.Equal(["yes"], unit["NoNewPrivileges"]);
        Assert.False(unit.ContainsKey("MemoryDenyWriteExecute"), "the .NET JIT needs writable executable memory");
    }

    [Fact]
    public void SupervisorUnit_StopsOnlyTheSupervisorSoItsChildrenCanBeAdopted()
    {
        var unit = Settings(UnitText("verwalter-supervisor.service"));

        Assert.Equal(["/usr/bin/verwalter supervisor --config /etc/lithos/master.yaml"], unit["ExecStart"]);
        Assert.Equal(["always"], unit["Restart"]);
        Assert.Equal(["process"], unit["KillMode"]);
        Assert.Equal(["/bin/kill -HUP $MAINPID"], unit["ExecReload"]);
        Assert.False(unit.ContainsKey("ProtectSystem"), "the supervisor binds host paths into sandboxes");
    }

    private async Task<ToolRun> VerifyAsync(IEnumerable<string> units) =>
        await ToolRun.RunAsync(Analyze, ["verify", "--root=" + _root.Root, .. units], TimeSpan.FromMinutes(1));

    private static Dictionary<string, List<string>> Settings(string text)
    {
        var settings = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] is not ('#' or '[')))
        {
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..eq];
            if (!settings.TryGetValue(key, out var values))
            {
                settings[key] = values = [];
            }

            values.Add(line[(eq + 1)..]);
        }

        return settings;
    }
}

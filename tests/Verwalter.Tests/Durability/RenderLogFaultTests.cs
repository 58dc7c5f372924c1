using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Rendering.Logs;
using Verwalter.Scheduling;
using Verwalter.Storage;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Durability;

/// <summary>A render log dir on a real full tmpfs: the role fails visibly, naming the file, and is applied once space is back.</summary>
public sealed class RenderLogFaultTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-logfault-");
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotPublisher<ScheduleState> _schedules = new();
    private readonly SnapshotPublisher<ConfigSnapshot> _configs = new();
    private readonly SnapshotPublisher<RenderState> _state = new();
    private readonly KeyList _queue = new();
    private readonly StorageFaults _faults;

    public RenderLogFaultTests()
    {
        _faults = new StorageFaults(_time);
        var templates = Path.Combine(_dir.FullName, "config", "templates", "app", "v1");
        Directory.CreateDirectory(templates);
        Directory.CreateDirectory(Path.Combine(_dir.FullName, "out"));
        File.WriteAllText(Path.Combine(templates, "app.render.yaml"), $"templates:\n  main: main.txt.hbs\ncommands:\n- !Copy\n  src: \"{{{{ files.main }}}}\"\n  dest: {_dir.FullName}/out/app.conf\n");
        File.WriteAllText(Path.Combine(templates, "main.txt.hbs"), "value={{ value }}\n");
        _configs.Publish(TestSources.Snapshot(null));
    }

    private string Target => Path.Combine(_dir.FullName, "out", "app.conf");

    [RootFact]
    public async Task DeploymentLogCannotStart_RolesFailNamingTheLogAndApplyOnceFreed()
    {
        using var tmpfs = new TmpfsMount(256);
        using var controller = Controller(tmpfs.Root);
        tmpfs.Fill();
        Publish("one");
        controller.Plan(_queue);
        Assert.Empty(_queue.Drain());
        var outcome = _state.Current!.Value.Roles["app"];
        Assert.Equal(RenderFailure.Logging, outcome.Failure);
        Assert.Contains(tmpfs.Root, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("ENOSPC", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("app", Assert.Single(_state.Current.Value.FailedRoles));
        Assert.Contains(_faults.Current.Values, f => f.Area == "log" && f.Error == "ENOSPC");

        tmpfs.Free();
        controller.Plan(_queue);
        foreach (var key in _queue.Drain())
        {
            await controller.ReconcileAsync(key, CancellationToken.None);
        }

        Assert.Null(_state.Current.Value.Roles["app"].Error);
        Assert.Equal("value=one\n", File.ReadAllText(Target));
        Assert.Empty(_faults.Current);
    }

    [RootFact]
    public async Task RoleLogFailsMidDeployment_RoleFailsAndTheRetryAppliesItInTheSameDeployment()
    {
        using var tmpfs = new TmpfsMount(256);
        using var controller = Controller(tmpfs.Root);
        Publish("two");
        controller.Plan(_queue);
        var keys = _queue.Drain();
        Assert.Equal(["app"], keys);
        tmpfs.Fill();

        var ex = await Assert.ThrowsAnyAsync<IOException>(async () => await controller.ReconcileAsync("app", CancellationToken.None));
        Assert.Contains(tmpfs.Root, ex.Message, StringComparison.Ordinal);
        var failed = _state.Current!.Value.Roles["app"];
        Assert.Equal(RenderFailure.Logging, failed.Failure);
        Assert.Contains("cannot write log", failed.Error, StringComparison.Ordinal);

        tmpfs.Free();
        await controller.ReconcileAsync("app", CancellationToken.None);
        var applied = _state.Current.Value.Roles["app"];
        Assert.Null(applied.Error);
        Assert.Equal(failed.DeploymentId, applied.DeploymentId);
        Assert.Equal("value=two\n", File.ReadAllText(Target));
        foreach (var line in File.ReadAllLines(Directory.EnumerateFiles(Path.Combine(tmpfs.Root, ".index"), "index.*.json").Single()))
        {
            JsonDocument.Parse(line).Dispose();
        }
    }

    private RenderController Controller(string logDir) => new(
        Options.Create(new RenderOptions { LogDir = logDir, CommandTimeout = TimeSpan.FromSeconds(5) }),
        Options.Create(new ConfigOptions { ConfigDir = Path.Combine(_dir.FullName, "config") }),
        new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"),
        _schedules,
        _configs,
        _state,
        new DeploymentLogWriter(logDir, _time),
        new RenderMetrics(TestSources.MeterFactory()),
        new SystemRandomSource(),
        new Scheduling.Lua.FakeRunWatchdog(),
        _time,
        NullLogger<RenderController>.Instance,
        _faults);

    private void Publish(string value)
    {
        var json = "{\"roles\": {\"app\": {\"template\": \"app/v1\", \"value\": \"" + value + "\"}}, \"nodes\": {\"alpha\": {\"roles\": {\"app\": {}}}}}";
        _schedules.Publish(new ScheduleState(Schedule.Create(1, "ab", 1, CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json))), null));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class KeyList : IQueueWriter<string>
    {
        private readonly List<string> _keys = [];

        public void Enqueue(string key) => _keys.Add(key);

        public void EnqueueAfter(string key, TimeSpan delay) => _keys.Add(key);

        public List<string> Drain()
        {
            var keys = _keys.ToList();
            _keys.Clear();
            return keys;
        }
    }
}

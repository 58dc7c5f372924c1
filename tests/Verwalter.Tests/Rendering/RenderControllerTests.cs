using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Rendering.Logs;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Rendering;

public sealed class RenderControllerTests : IDisposable
{
    private const string GoodRender = """
        templates:
          main: main.txt.hbs
        commands:
        - !Copy
          src: "{{ files.main }}"
          dest: OUT/app.conf
        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("verwalter-renderctl-");
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotPublisher<ScheduleState> _schedules = new();
    private readonly SnapshotPublisher<ConfigSnapshot> _configs = new();
    private readonly SnapshotPublisher<RenderState> _state = new();
    private readonly RecordingQueue _queue = new();
    private int _scheduleCounter;

    private string ConfigDir => Path.Combine(_dir.FullName, "config");

    private string Out => Path.Combine(_dir.FullName, "out");

    private string Target => Path.Combine(Out, "app.conf");

    public RenderControllerTests()
    {
        Directory.CreateDirectory(Out);
        WriteTemplate("app.render.yaml", GoodRender);
        WriteTemplate("main.txt.hbs", "value={{ value }}\n");
        _configs.Publish(TestSources.Snapshot(null));
    }

    private RenderController Controller() => new(
        Options.Create(new RenderOptions { LogDir = Path.Combine(_dir.FullName, "log"), CommandTimeout = TimeSpan.FromMilliseconds(500) }),
        Options.Create(new ConfigOptions { ConfigDir = ConfigDir }),
        new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"),
        _schedules,
        _configs,
        _state,
        new DeploymentLogWriter(Path.Combine(_dir.FullName, "log"), _time),
        new RenderMetrics(TestSources.MeterFactory()),
        new SystemRandomSource(),
        new Scheduling.Lua.FakeRunWatchdog(),
        _time,
        NullLogger<RenderController>.Instance);

    [Fact]
    public async Task Plan_NewSchedule_AppliesRoleAndNotAgainForSameVars()
    {
        using var controller = Controller();
        await Deploy(controller, "one");
        Assert.Equal("value=one\n", File.ReadAllText(Target));
        var id = _state.Current!.Value.Roles["app"].DeploymentId;

        PublishSchedule("one", extra: "\"other\": 1");
        controller.Plan(_queue);
        Assert.Empty(_queue.Drain());
        Assert.Equal(id, _state.Current!.Value.Roles["app"].DeploymentId);
    }

    [Fact]
    public async Task Plan_ForceRenderAll_ReappliesWithNewDeploymentId()
    {
        using var controller = Controller();
        await Deploy(controller, "one");
        var id = _state.Current!.Value.Roles["app"].DeploymentId;
        controller.ForceRenderAll();
        controller.Plan(_queue);
        foreach (var key in _queue.Drain())
        {
            await controller.ReconcileAsync(key, CancellationToken.None);
        }

        Assert.NotEqual(id, _state.Current!.Value.Roles["app"].DeploymentId);
    }

    public static TheoryData<string, string, string?, string> BadInputs() => new()
    {
        { "template syntax error", "main.txt.hbs", "value={{#if value}}\n", "main.txt.hbs:1" },
        { "unknown command", "app.render.yaml", GoodRender + "\n- !Restart [x]\n", "Restart" },
        { "unknown key", "app.render.yaml", "templatez: {}\ncommands: []\n", "templatez" },
        { "command exits non-zero", "app.render.yaml", GoodRender.Replace("commands:\n", "commands:\n- !Sh \"echo failing >&2; exit 3\"\n", StringComparison.Ordinal), "3" },
        { "command hangs", "app.render.yaml", GoodRender.Replace("commands:\n", "commands:\n- !Cmd [sleep, \"30\"]\n", StringComparison.Ordinal), "timed out" },
        { "copy into a missing folder", "app.render.yaml", GoodRender.Replace("OUT/app.conf", "OUT/missing/app.conf", StringComparison.Ordinal), "missing" },
        { "target parent is a file", "app.render.yaml", GoodRender.Replace("OUT/app.conf", "OUT/app.conf/inner", StringComparison.Ordinal), "app.conf" },
        { "split-text section fails validate", "app.render.yaml", "templates:\n  main: main.txt.hbs\ncommands:\n- !SplitText\n  section: '^# (.*)$'\n  validate: '^[a-z]+$'\n  src: \"{{ files.main }}\"\n  dest: OUT/(*).part\n", "section" },
        { "missing template variable", "", null, "template" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Reconcile_BadInput_KeepsPreviousFilesAndMarksRoleFailed(string what, string file, string? content, string reason)
    {
        using var controller = Controller();
        await Deploy(controller, "one");
        Assert.Equal("value=one\n", File.ReadAllText(Target));

        if (content is null)
        {
            PublishSchedule("two", template: null);
        }
        else
        {
            WriteTemplate(file, content);
            WriteTemplate("main.txt.hbs", file == "main.txt.hbs" ? content : "# Bad_Name\nvalue={{ value }}\n");
            PublishSchedule("two");
        }

        controller.Plan(_queue);
        foreach (var key in _queue.Drain())
        {
            await controller.ReconcileAsync(key, CancellationToken.None);
        }

        Assert.Equal("value=one\n", File.ReadAllText(Target));
        var outcome = _state.Current!.Value.Roles["app"];
        Assert.True(outcome.Error is not null, what + ": expected a failure");
        Assert.Contains(reason, outcome.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["app"], _state.Current.Value.FailedRoles.AsEnumerable());
        var roleLog = File.ReadAllText(Path.Combine(_dir.FullName, "log", "app", "latest"));
        Assert.Contains("ERROR: ", roleLog, StringComparison.Ordinal);
    }

    private async Task Deploy(RenderController controller, string value)
    {
        PublishSchedule(value);
        controller.Plan(_queue);
        foreach (var key in _queue.Drain())
        {
            await controller.ReconcileAsync(key, CancellationToken.None);
        }

        Assert.Null(_state.Current!.Value.Roles["app"].Error);
    }

    private void PublishSchedule(string value, string? template = "app/v1", string extra = "\"x\": 0")
    {
        var templatePart = template is null ? "" : $"\"template\": \"{template}\", ";
        var json = "{\"roles\": {\"app\": {" + templatePart + "\"value\": \"" + value + "\"}}, \"nodes\": {\"alpha\": {\"roles\": {\"app\": {}}}}, " + extra + ", \"n\": " + ++_scheduleCounter + "}";
        var data = CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json));
        _schedules.Publish(new ScheduleState(Schedule.Create(1, "ab", 1, data), null));
    }

    private void WriteTemplate(string name, string text)
    {
        var path = Path.Combine(ConfigDir, "templates", "app", "v1", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("OUT/", Out + "/", StringComparison.Ordinal));
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private sealed class RecordingQueue : IQueueWriter<string>
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

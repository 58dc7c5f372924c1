using System.Collections.Immutable;
using Verwalter.Tests.Reconciliation;
using Microsoft.Extensions.Logging.Abstractions;
using Verwalter.Reconciliation;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Supervision;

public sealed class SupervisorControllerTests : IDisposable
{
    private static readonly InstanceKey Web0 = new("s", "web", 0);

    private readonly LithosFixture _tree = new LithosFixture().WithSandbox("s");
    private readonly ManualTimeProvider _time = new();
    private readonly FakeProcessLauncher _launcher = new();
    private readonly TestMeterFactory _meters = new();
    private readonly MetricsRecorder _recorded;
    private readonly SupervisorController _controller;

    public SupervisorControllerTests()
    {
        _tree.Containers.Add("app/v1", "/fast.yaml", """
            executable: /bin/app
            restart-timeout: 2
            kill-timeout: 3
            variables:
              mode: !Choice [a, b]
            """);
        _recorded = new MetricsRecorder(_meters);
        _controller = new SupervisorController(
            new SupervisorOptions { MasterPath = _tree.MasterPath, BackoffBase = TimeSpan.FromSeconds(1), BackoffCap = TimeSpan.FromSeconds(10) },
            _launcher,
            _tree.Containers,
            new SupervisorMetrics(_meters),
            _time,
            new FixedRandom(),
            NullLogger<SupervisorController>.Instance);
    }

    public void Dispose()
    {
        _recorded.Dispose();
        _tree.Dispose();
    }

    [Fact]
    public async Task Reconcile_IdentityChangedStop_IsAPlannedStopNotARestart()
    {
        Load(1, mode: "a");
        await Reconcile(Web0);
        var old = _launcher.Started[0];
        _time.Advance(TimeSpan.FromSeconds(10));
        Load(1, mode: "b");
        await Reconcile(Web0);
        _launcher.Exit(old, ProcessExit.Killed(_time.GetUtcNow(), 15));
        await Reconcile(Web0);

        var row = Assert.Single(_controller.Status(1, "m").Instances);
        Assert.Equal(0, row.Restarts);
        Assert.Equal(1, row.PlannedStops);
        Assert.Equal(2, row.Starts);
        Assert.Equal(1, _recorded.Sum(SupervisorMetrics.PlannedStopsName, ("process", "web")));
        Assert.Equal(0, _recorded.Sum(SupervisorMetrics.DeathsName, ("process", "web")));
        Assert.Equal(0, _recorded.Sum(SupervisorMetrics.FailuresName, ("process", "web")));
    }

    [Fact]
    public async Task Reconcile_CrashAfterAPlannedStop_CountsOnlyTheCrashAsARestart()
    {
        Load(1, mode: "a");
        await Reconcile(Web0);
        _time.Advance(TimeSpan.FromSeconds(10));
        Load(1, mode: "b");
        await Reconcile(Web0);
        _launcher.Exit(_launcher.Started[0], ProcessExit.Killed(_time.GetUtcNow(), 15));
        await Reconcile(Web0);
        _time.Advance(TimeSpan.FromSeconds(10));
        _launcher.Exit(_launcher.Started[1], ProcessExit.Killed(_time.GetUtcNow(), 15));
        await Reconcile(Web0);

        var row = Assert.Single(_controller.Status(1, "m").Instances);
        Assert.Equal(1, row.Restarts);
        Assert.Equal(1, row.PlannedStops);
        Assert.Equal(1, _recorded.Sum(SupervisorMetrics.DeathsName, ("process", "web")));
        Assert.Equal(1, _recorded.Sum(SupervisorMetrics.PlannedStopsName, ("process", "web")));
    }

    [Fact]
    public void Reload_Adopting_CorruptRecordsAreCountedAndShownInTheStatus()
    {
        var bad = new CorruptRecord("/run/x/instances/s/web.0.json", "/run/x/instances/s/web.0.json.corrupt-20260101T000000Z", "'{' is invalid", _time.GetUtcNow());
        _launcher.CorruptToReport.Add(bad);

        Load(1, adopt: true);

        Assert.Equal([bad], _controller.Status(1, "m").CorruptRecords);
        Assert.Equal(1, _recorded.Sum(SupervisorMetrics.CorruptRecordsName));
    }

    [Fact]
    public async Task Reconcile_CrashedSoonAfterStart_WaitsForRestartTimeout()
    {
        Load(1);
        Assert.Equal(ReconcileResult.Done, await Reconcile(Web0));
        var first = Assert.Single(_launcher.Started);

        _time.Advance(TimeSpan.FromSeconds(0.5));
        _launcher.Exit(first, ProcessExit.Code(_time.GetUtcNow(), 1));

        Assert.Equal(ReconcileResult.After(TimeSpan.FromSeconds(1.5)), await Reconcile(Web0));
        Assert.Single(_launcher.Started);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.Equal(ReconcileResult.Done, await Reconcile(Web0));
        Assert.Equal(2, _launcher.Started.Count);
    }

    [Fact]
    public async Task Reconcile_CrashLoop_WaitsLongerAfterEachCrash()
    {
        Load(1);
        await Reconcile(Web0);
        var waits = new List<TimeSpan>();
        for (var crash = 0; crash < 4; crash++)
        {
            _launcher.Exit(_launcher.Started[^1], ProcessExit.Code(_time.GetUtcNow(), 1));
            var wait = (await Reconcile(Web0)).RequeueAfter ?? TimeSpan.Zero;
            waits.Add(wait);
            _time.Advance(wait);
            await Reconcile(Web0);
        }

        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], waits);
        Assert.Equal(5, _launcher.Started.Count);
    }

    [Fact]
    public async Task Reconcile_InstanceRetired_SigtermThenSigkillAfterKillTimeout()
    {
        Load(2);
        await Reconcile(Web0);
        await Reconcile(new InstanceKey("s", "web", 1));
        var second = _launcher.Started[1];
        Load(1);

        Assert.Equal(ReconcileResult.After(TimeSpan.FromSeconds(3)), await Reconcile(second.Key));
        Assert.Equal([second.Pid], _launcher.Terminated);
        Assert.Equal(ReconcileResult.Done, await Reconcile(Web0));
        _time.Advance(TimeSpan.FromSeconds(3));
        await Reconcile(second.Key);
        Assert.Equal([second.Pid], _launcher.Killed);

        _launcher.Exit(second, ProcessExit.Killed(_time.GetUtcNow(), 9));
        Assert.Equal(ReconcileResult.Done, await Reconcile(second.Key));
        Assert.Equal(["s/web.0"], _controller.Status(1, "m").Instances.Select(i => i.Name));
        Assert.Equal(2, _launcher.Started.Count);
    }

    [Fact]
    public async Task Reconcile_IdentityChanged_StopsAndStartsTheNewIdentityAfterExit()
    {
        Load(1, mode: "a");
        await Reconcile(Web0);
        var old = _launcher.Started[0];
        _time.Advance(TimeSpan.FromSeconds(10));
        Load(1, mode: "b");

        await Reconcile(Web0);
        Assert.Equal([old.Pid], _launcher.Terminated);
        _launcher.Exit(old, ProcessExit.Killed(_time.GetUtcNow(), 15));
        await Reconcile(Web0);

        var replacement = _launcher.Started[1];
        Assert.Equal("b", replacement.Identity.Variables["mode"]);
        var row = Assert.Single(_controller.Status(1, "m").Instances);
        Assert.Equal(0, row.Failures);
    }

    [Fact]
    public async Task Reload_AdoptedProcessWithSameIdentity_IsNotRestarted()
    {
        Load(1, adopt: false);
        var identity = new InstanceIdentity("app/v1", "/fast.yaml", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("mode", "a")]), [], null, ProcessKind.Daemon);
        _launcher.ToRecover.Add(new RunningProcess(Web0, 4242, identity, TimeSpan.FromSeconds(3), _time.GetUtcNow().AddHours(-1), adopted: true));
        _launcher.ToRecover.Add(new RunningProcess(new InstanceKey("s", "gone", 0), 4243, identity, TimeSpan.FromSeconds(3), _time.GetUtcNow(), adopted: true));

        _controller.Reload(adopt: true);

        Assert.Equal(ReconcileResult.Done, await Reconcile(Web0));
        await Reconcile(new InstanceKey("s", "gone", 0));
        Assert.Empty(_launcher.Started);
        Assert.Equal([4243], _launcher.Terminated);
        var adopted = _controller.Status(1, "m").Instances.Single(i => i.Name == "s/web.0");
        Assert.True(adopted.Adopted);
        Assert.Equal(4242, adopted.Pid);
    }

    [Fact]
    public async Task Reconcile_RetiredInstanceExited_ReleasesItsCgroupsOnlyThen()
    {
        Load(2);
        await Reconcile(Web0);
        await Reconcile(new InstanceKey("s", "web", 1));
        var second = _launcher.Started[1];
        _launcher.Exit(second, ProcessExit.Code(_time.GetUtcNow(), 1));
        _time.Advance(TimeSpan.FromSeconds(2));
        await Reconcile(second.Key);
        Assert.Empty(_launcher.Released);

        Load(1);
        await Reconcile(second.Key);
        Assert.Empty(_launcher.Released);
        _launcher.Exit(_launcher.Started[2], ProcessExit.Killed(_time.GetUtcNow(), 15));
        _launcher.BusyReleases = 2;

        Assert.Equal(ReconcileResult.After(TimeSpan.FromMilliseconds(200)), await Reconcile(second.Key));
        Assert.Equal(ReconcileResult.After(TimeSpan.FromMilliseconds(200)), await Reconcile(second.Key));
        Assert.Equal(ReconcileResult.Done, await Reconcile(second.Key));
        Assert.Equal([second.Key], _launcher.Released);
        Assert.Equal(["s/web.0"], _controller.Status(1, "m").Instances.Select(i => i.Name));
    }

    [Fact]
    public async Task StopAll_EveryInstance_IsReleasedAfterItExited()
    {
        Load(1);
        await Reconcile(Web0);
        var process = _launcher.Started[0];
        var stopping = _controller.StopAllAsync(CancellationToken.None);
        _launcher.Exit(process, ProcessExit.Killed(_time.GetUtcNow(), 15));
        await stopping;

        Assert.Equal([Web0], _launcher.Released);
    }

    [Fact]
    public async Task StopAll_CgroupStillBusy_RetriesReleaseUntilItGoes()
    {
        Load(1);
        await Reconcile(Web0);
        _launcher.BusyReleases = 2;
        var stopping = _controller.StopAllAsync(CancellationToken.None);
        _launcher.Exit(_launcher.Started[0], ProcessExit.Killed(_time.GetUtcNow(), 15));

        foreach (var left in new[] { 1, 0 })
        {
            await Eventually.WaitAsync(() => Task.FromResult(_launcher.BusyReleases == left && _time.ActiveTimers == 1), TimeSpan.FromSeconds(5), $"release attempt with {left} busy left, then a recheck timer");
            _time.Advance(TimeSpan.FromMilliseconds(200));
        }

        await stopping.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([Web0], _launcher.Released);
    }

    [Fact]
    public void Reload_Adopting_RemovesStaleCgroupsKeepingConfiguredAndAdoptedInstances()
    {
        Load(1, adopt: false);
        var identity = new InstanceIdentity("app/v1", "/fast.yaml", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [KeyValuePair.Create("mode", "a")]), [], null, ProcessKind.Daemon);
        var retired = new InstanceKey("s", "old", 3);
        _launcher.ToRecover.Add(new RunningProcess(retired, 4243, identity, TimeSpan.FromSeconds(3), _time.GetUtcNow(), adopted: true));

        _controller.Reload(adopt: true);

        var keep = Assert.Single(_launcher.StaleRemovals);
        Assert.Equal([retired, Web0], keep.Order());
        Assert.Equal("fake cgroups", _controller.Status(1, "m").Cgroups);
    }

    private void Load(int instances, string mode = "a", bool adopt = false)
    {
        _tree.WriteProcesses("s", $"web: {{image: app/v1, config: /fast.yaml, instances: {instances}, variables: {{mode: {mode}}}}}\n");
        _controller.Reload(adopt);
    }

    private async Task<ReconcileResult> Reconcile(InstanceKey key) => await _controller.ReconcileAsync(key, CancellationToken.None);

    private sealed class FixedRandom : IRandomSource
    {
        public double NextDouble() => 0;
    }
}

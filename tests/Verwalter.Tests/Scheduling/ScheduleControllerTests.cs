using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Scheduling;

public sealed class ScheduleControllerTests : IDisposable
{
    private const string CountingScheduler = """
        return { scheduler = function(input)
          local parent = input.parents[1]
          local n = parent and parent.n or 0
          return { n = n + 1, web = input.runtime.web, parents = #input.parents }, "run " .. (n + 1)
        end }
        """;

    private readonly DirectoryInfo _storage = Directory.CreateTempSubdirectory("verwalter-sched-");
    private readonly ManualTimeProvider _time = new();
    private readonly SnapshotPublisher<ConfigSnapshot> _config = new();
    private readonly SnapshotPublisher<ScheduleState> _state = new();
    private readonly FakeLeadership _leadership = new();

    private ScheduleStore Store => new(_storage.FullName, _time, NullLogger<ScheduleStore>.Instance);

    private readonly SchedulerMetrics _metrics = new(TestSources.MeterFactory());

    private ScheduleController Controller(TimeSpan? deadline = null) => new(
        Options.Create(new SchedulingOptions { Deadline = deadline ?? TimeSpan.FromSeconds(1), MemoryMiB = 32 }),
        new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"),
        _leadership,
        _config,
        _state,
        Store,
        _metrics,
        _time,
        NullLogger<ScheduleController>.Instance);

    [Fact]
    public async Task Reconcile_FirstRun_PublishesPersistsAndRequeuesAfterResync()
    {
        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler), """{"web":{"v1":{}}}"""));
        using var controller = Controller();
        var result = await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);

        Assert.Equal(SchedulingOptions.DefaultResyncPeriod, result.RequeueAfter);
        var schedule = _state.Current!.Value.Current!;
        Assert.Equal(3, schedule.Epoch);
        Assert.Equal("0123456789abcdef0123456789abcdef", schedule.Origin);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), schedule.Timestamp);
        Assert.Equal(1, Data(schedule)["n"]!.GetValue<int>());
        Assert.Equal(schedule.Hash, Store.Load()!.Hash);
        Assert.Equal("run 1", _state.Current.Value.LastRun!.Log);
    }

    [Fact]
    public async Task Reconcile_SecondRun_GetsPreviousScheduleAsOnlyParent()
    {
        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler)));
        using var controller = Controller();
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);

        var data = Data(_state.Current!.Value.Current!);
        Assert.Equal(2, data["n"]!.GetValue<int>());
        Assert.Equal(1, data["parents"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reconcile_SameHash_KeepsScheduleAndTimestamp()
    {
        _config.Publish(TestSources.Snapshot(TestSources.Lua("return { scheduler = function(i) return '{\"a\":1}', 'same' end }")));
        using var controller = Controller();
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
        var first = _state.Current!.Value.Current!;
        _time.Advance(TimeSpan.FromSeconds(5));
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);

        Assert.Same(first, _state.Current!.Value.Current);
        Assert.False(_state.Current.Value.LastRun!.Changed);
    }

    [Fact]
    public async Task Reconcile_SchedulerRaises_KeepsLastScheduleAndRecordsError()
    {
        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler)));
        using var controller = Controller();
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
        var good = _state.Current!.Value.Current!;

        _config.Publish(TestSources.Snapshot(TestSources.Lua("return { scheduler = function(i) print('before'); error('boom') end }")));
        var ex = await Assert.ThrowsAsync<SchedulerException>(() => controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None).AsTask());

        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
        Assert.Same(good, _state.Current!.Value.Current);
        Assert.Contains("boom", _state.Current.Value.LastRun!.Error, StringComparison.Ordinal);
        Assert.Equal(good.Hash, Store.Load()!.Hash);
    }

    public static TheoryData<string, string, SchedulerErrorKind> BadSchedulers() => new()
    {
        { "error('boom')", "boom", SchedulerErrorKind.Runtime },
        { "while true do end", "", SchedulerErrorKind.Timeout },
        { "local s = 'x' while true do s = s .. s end", "", SchedulerErrorKind.Memory },
        { "local function f(n) return 1 + f(n + 1) end return f(1)", "", SchedulerErrorKind.Memory }, // the 32 MiB cap stops the Lua stack first
        { "return 42", "number", SchedulerErrorKind.InvalidResult },
        { "return '{\"a\":'", "not valid JSON", SchedulerErrorKind.InvalidResult },
        { "return '[1,2]'", "an array", SchedulerErrorKind.InvalidResult },
        { "io.open('/etc/passwd')", "io", SchedulerErrorKind.Runtime },
        { "os.execute('true')", "os", SchedulerErrorKind.Runtime },
        { "require('../x')", "../x", SchedulerErrorKind.Runtime },
        { "assert(load(string.char(27) .. 'LuaT', 'x', 'b'))", "", SchedulerErrorKind.Runtime },
        { "local ok = assert(load(\"\\27Lua\", \"x\"))", "binary", SchedulerErrorKind.Runtime },
        { "return string.dump(function() end)", "dump", SchedulerErrorKind.Runtime },
    };

    [Theory]
    [MemberData(nameof(BadSchedulers))]
    public async Task Reconcile_BadScheduler_KeepsLastGoodScheduleAndReportsError(string body, string message, SchedulerErrorKind kind)
    {
        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler)));

        // Only the endless loop needs the short deadline; the others must not race it on a busy machine.
        using var controller = Controller(kind == SchedulerErrorKind.Timeout ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30));
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
        var good = _state.Current!.Value.Current!;

        _config.Publish(TestSources.Snapshot(TestSources.Lua("return { scheduler = function(input) " + body + " end }")));
        var ex = await Assert.ThrowsAsync<SchedulerException>(() => controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None).AsTask());

        Assert.Equal(kind, ex.Kind);
        Assert.Contains(message, ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Same(good, _state.Current!.Value.Current);
        Assert.Equal(ex.Message, _state.Current.Value.LastRun!.Error);
        Assert.Equal(1, _metrics.Failed);
        Assert.Equal(good.Hash, Store.Load()!.Hash);

        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler)));
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
        Assert.Equal(2, Data(_state.Current!.Value.Current!)["n"]!.GetValue<int>());
    }

    [Fact]
    public async Task Reconcile_NotLeader_RunsNothing()
    {
        _leadership.Current = new LeadershipLease(false, 3);
        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler)));
        using var controller = Controller();
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
        Assert.Null(_state.Current);
    }

    [Fact]
    public async Task Reconcile_NoLoadableScheduler_IsTerminal()
    {
        _config.Publish(TestSources.Snapshot(null) with { SchedulerProblems = [new ConfigProblem("scheduler/v1/main.lua", 3, 1, "syntax")] });
        using var controller = Controller();
        var ex = await Assert.ThrowsAsync<TerminalReconcileException>(() => controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None).AsTask());
        Assert.Contains("scheduler/v1/main.lua:3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reconcile_StoredSchedule_IsServedAndBecomesFirstParent()
    {
        var stored = Schedule.Create(1, "ab", 1, "{\"n\":41}"u8.ToArray());
        Store.Save(stored);
        _config.Publish(TestSources.Snapshot(TestSources.Lua(CountingScheduler)));
        using var controller = Controller();
        await controller.ReconcileAsync(ScheduleController.Key, CancellationToken.None);

        Assert.Equal(42, Data(_state.Current!.Value.Current!)["n"]!.GetValue<int>());
    }

    private static JsonNode Data(Schedule schedule) => JsonNode.Parse(schedule.Data)!;

    [Fact]
    public void Membership_IgnoresProbeCountersButSeesStateAndAddressChanges()
    {
        var alive = Member("b", Peers.MemberState.Alive, "127.0.0.2:8379", probes: 1);
        var probedAgain = alive with { ProbesSent = 7, LastProbeAt = _time.GetUtcNow(), Rtt = TimeSpan.FromMilliseconds(3) };
        Assert.Equal(ScheduleController.Membership(Set(1, alive)), ScheduleController.Membership(Set(2, probedAgain)));
        Assert.NotEqual(ScheduleController.Membership(Set(1, alive)), ScheduleController.Membership(Set(2, alive with { State = Peers.MemberState.Dead })));
        Assert.NotEqual(ScheduleController.Membership(Set(1, alive)), ScheduleController.Membership(Set(2, alive with { Address = "127.0.0.3:8379" })));
        Assert.NotEqual(ScheduleController.Membership(Set(1, alive)), ScheduleController.Membership(Set(2, alive, Member("c", Peers.MemberState.Alive, "127.0.0.3:8379"))));
    }

    [Fact]
    public async Task Watch_PeerDies_QueuesARunAtOnce()
    {
        var peers = new SnapshotPublisher<Peers.PeerSet>();
        var member = Member("b", Peers.MemberState.Alive, "127.0.0.2:8379");
        peers.Publish(Set(1, member));
        using var controller = new ScheduleController(
            Options.Create(new SchedulingOptions()), new NodeIdentity("0123456789abcdef0123456789abcdef", "alpha", "alpha"),
            _leadership, _config, _state, Store, _metrics, _time, NullLogger<ScheduleController>.Instance, peers);
        var queue = new CountingQueue();
        using var cts = new CancellationTokenSource();
        var watching = controller.WatchAsync(queue, cts.Token);

        peers.Publish(Set(2, member with { State = Peers.MemberState.Dead }));
        await Eventually.WaitAsync(() => Task.FromResult(queue.Count > 0), TimeSpan.FromSeconds(10), "a run queued for the dead peer");
        Assert.All(queue.Keys, k => Assert.Equal(ScheduleController.Key, k));

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
    }

    private static Peers.PeerSet Set(long version, params Peers.PeerMember[] members) => new(version, "0123456789abcdef0123456789abcdef", [.. members]);

    private Peers.PeerMember Member(string id, Peers.MemberState state, string address, long probes = 0) => new(
        id, address, id, id, state, 1, _time.GetUtcNow(), _time.GetUtcNow(), null, null, null, null, probes, 0, 0);

    private sealed class CountingQueue : IQueueWriter<string>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _keys = new();

        public int Count => _keys.Count;

        public IEnumerable<string> Keys => _keys;

        public void Enqueue(string key) => _keys.Enqueue(key);

        public void EnqueueAfter(string key, TimeSpan delay) => _keys.Enqueue(key);
    }

    public void Dispose() => _storage.Delete(recursive: true);

    private sealed class FakeLeadership : ILeadershipView
    {
        public LeadershipLease Current { get; set; } = new(true, 3);
    }
}

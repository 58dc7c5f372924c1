using System.Collections.Immutable;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Verwalter.Cluster;
using Verwalter.Configuration;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Replication;
using Verwalter.Scheduling;
using Verwalter.Tests.Cluster;
using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Leadership;

/// <summary>
/// N nodes, each with the real leadership, replication and schedule loops, over the in-memory
/// network, a manual clock and an in-memory schedule fetcher. <see cref="StepAsync"/> advances
/// the clock and pumps every loop in lock step until no datagram is left in flight, so runs are
/// deterministic for a seed. The membership is computed from the network's reachability (what
/// the gossip loop would report): reachable peers alive and heard now, cut-off peers dead.
/// </summary>
internal sealed class ClusterHarness : IDisposable
{
    public const string Scheduler = """
        return { scheduler = function(input)
          local seen, tags = {}, {}
          for _, p in ipairs(input.parents) do
            for _, t in ipairs(p.seen or {}) do
              if not seen[t] then seen[t] = true; tags[#tags + 1] = t end
            end
          end
          if not seen[input.current_host] then tags[#tags + 1] = input.current_host end
          table.sort(tags)
          local writers = {}
          for _, p in ipairs(input.parents) do writers[#writers + 1] = p.writer end
          table.sort(writers)
          local replies, count = {}, 0
          for id, a in pairs(input.actions) do
            count = count + 1
            if type(a) == "table" and a.echo then replies[tostring(id)] = { echoed = a.echo } end
          end
          return { seen = tags, writer = input.current_host, parent_writers = writers,
                   actions_seen = count, action_replies = replies, rev = input.runtime.rev }
        end }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-cluster-");
    private readonly ManualTimeProvider _time;

    public ClusterHarness(int count, Action<LeadershipOptions>? configure = null, ulong seed = 1)
    {
        _time = new ManualTimeProvider();
        Network = new InMemoryClusterNetwork(_time);
        Options = new LeadershipOptions();
        configure?.Invoke(Options);
        var random = new SeededRandomSource(seed);
        for (var i = 0; i < count; i++)
        {
            Nodes.Add(new Node(this, i, random));
        }
    }

    public ManualTimeProvider Time => _time;

    public InMemoryClusterNetwork Network { get; }

    public LeadershipOptions Options { get; }

    /// <summary>Replaces what a node serves on <c>/v1/schedule</c> (node, envelope → body), for bad-schedule tests.</summary>
    public Func<Node, byte[]?, byte[]?> Serve { get; set; } = (_, body) => body;

    public int FetchRequests;

    public List<Node> Nodes { get; } = [];

    public LeadershipMetrics Metrics { get; } = new(TestSources.MeterFactory());

    public TimeSpan Resync { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>While true for a node, its replication loop does not run (a slow fetch).</summary>
    public Func<Node, bool> HoldReplication { get; set; } = _ => false;

    public IEnumerable<Node> Alive => Nodes.Where(n => !n.Crashed);

    public static string IdOf(int index) => $"00000000000000000000000000000{index + 1:x3}";

    public static IPEndPoint AddressOf(int index) => new(IPAddress.Parse($"127.0.0.{index + 1}"), 8379);

    public bool Reachable(Node from, Node to) =>
        !from.Crashed && !to.Crashed && !Network.Drop(from.Address, to.Address, ClusterChannel.Election);

    public async Task StepAsync(TimeSpan by)
    {
        _time.Advance(by);
        var now = _time.GetUtcNow();
        foreach (var node in Alive)
        {
            node.PublishMembership(now);
        }

        for (var round = 0; round < 20; round++)
        {
            foreach (var node in Alive)
            {
                await node.Leadership.PumpAsync(CancellationToken.None);
            }

            if (Alive.All(n => n.Transport.Incoming(ClusterChannel.Election).Count == 0))
            {
                break;
            }
        }

        foreach (var node in Alive.ToList())
        {
            if (!HoldReplication(node))
            {
                await node.Replication.PumpAsync(CancellationToken.None);
            }

            await node.ScheduleIfDueAsync(now);
        }
    }

    /// <summary>Steps in 10 ms increments until <paramref name="condition"/> holds; returns the simulated time it took.</summary>
    public async Task<TimeSpan> RunUntilAsync(Func<bool> condition, TimeSpan limit, string what)
    {
        var start = _time.GetUtcNow();
        while (!condition())
        {
            if (_time.GetUtcNow() - start > limit)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds} s of simulated time; leaders: {Describe()}");
            }

            await StepAsync(TimeSpan.FromMilliseconds(10));
        }

        return _time.GetUtcNow() - start;
    }

    public async Task RunForAsync(TimeSpan span)
    {
        var end = _time.GetUtcNow() + span;
        while (_time.GetUtcNow() < end)
        {
            await StepAsync(TimeSpan.FromMilliseconds(10));
        }
    }

    public string Describe() => string.Join(", ", Nodes.Select(n =>
        $"{n.Index}:{(n.Crashed ? "down" : $"{n.State?.Phase}@{n.State?.Epoch} leader={n.State?.LeaderId?[^3..]} sched={n.Schedule?.Hash[..6]}")}"));

    public void Partition(IEnumerable<int> side)
    {
        var a = side.Select(i => Nodes[i].Address).ToHashSet();
        var b = Nodes.Select(n => n.Address).Where(x => !a.Contains(x)).ToHashSet();
        Network.Partition(a, b);
    }

    public void Heal() => Network.Heal();

    public void Crash(int index)
    {
        Nodes[index].Crashed = true;
        Network.Leave(Nodes[index].Address);
    }

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        _root.Delete(recursive: true);
    }

    /// <summary>One node's loops and snapshots, wired as the daemon wires them.</summary>
    internal sealed class Node : IDisposable
    {
        private readonly ClusterHarness _cluster;
        private LeadershipLease _lastLease;
        private DateTimeOffset _lastRun = DateTimeOffset.MinValue;

        public Node(ClusterHarness cluster, int index, IRandomSource random)
        {
            _cluster = cluster;
            Index = index;
            Id = IdOf(index);
            Address = AddressOf(index);
            Identity = new NodeIdentity(Id, $"node{index}", $"node{index}.test");
            Transport = cluster.Network.Join(Address);
            Actions = new ActionQueue(cluster._time);
            Config.Publish(TestSources.Snapshot(TestSources.Lua(Scheduler), """{"rev":1}"""));
            Store = new ScheduleStore(Path.Combine(cluster._root.FullName, $"node{index}"), cluster._time, NullLogger<ScheduleStore>.Instance);
            var options = Microsoft.Extensions.Options.Options.Create(cluster.Options);
            Leadership = new LeadershipController(options, Identity, Transport, Peers, Schedules, LeadershipStates, cluster.Metrics, random, cluster._time, NullLogger<LeadershipController>.Instance, new NodeErrorCount(Config, Schedules, new SnapshotPublisher<Verwalter.Rendering.RenderState>()));
            Replication = new ReplicationController(
                options,
                Microsoft.Extensions.Options.Options.Create(new ReplicationOptions()),
                Identity,
                LeadershipStates,
                Peers,
                Schedules,
                ReplicationStates,
                Parents,
                Recent,
                Store,
                new InMemoryFetcher(cluster, this),
                cluster.Metrics,
                random,
                cluster._time,
                NullLogger<ReplicationController>.Instance);
            View = new ClusterLeadershipView(LeadershipStates, ReplicationStates, Parents);
            Scheduling = new ScheduleController(
                Microsoft.Extensions.Options.Options.Create(new SchedulingOptions { Deadline = TimeSpan.FromSeconds(2), MemoryMiB = 32 }),
                Identity,
                View,
                Config,
                Schedules,
                Store,
                new SchedulerMetrics(TestSources.MeterFactory()),
                cluster._time,
                NullLogger<ScheduleController>.Instance,
                Peers,
                Actions);
        }

        public int Index { get; }

        public string Id { get; }

        public IPEndPoint Address { get; }

        public NodeIdentity Identity { get; }

        public IClusterTransport Transport { get; }

        public bool Crashed { get; set; }

        public SnapshotPublisher<PeerSet> Peers { get; } = new();

        public SnapshotPublisher<ConfigSnapshot> Config { get; } = new();

        public SnapshotPublisher<ScheduleState> Schedules { get; } = new();

        public SnapshotPublisher<LeadershipState> LeadershipStates { get; } = new();

        public SnapshotPublisher<ReplicationState> ReplicationStates { get; } = new();

        public ParentPool Parents { get; } = new();

        public RecentSchedules Recent { get; } = new();

        public ActionQueue Actions { get; }

        public ScheduleStore Store { get; }

        public LeadershipController Leadership { get; }

        public ReplicationController Replication { get; }

        public ClusterLeadershipView View { get; }

        public ScheduleController Scheduling { get; }

        public Exception? LastSchedulerError { get; private set; }

        public LeadershipState? State => LeadershipStates.Current?.Value;

        public ReplicationState? Replicated => ReplicationStates.Current?.Value;

        public Schedule? Schedule => Schedules.Current?.Value.Current;

        public JsonNode? Data => Schedule is { } s ? JsonNode.Parse(s.Data) : null;

        public bool IsLeader => State?.IsLeader == true && !Crashed;

        public void PublishMembership(DateTimeOffset now)
        {
            var members = ImmutableArray.CreateBuilder<PeerMember>();
            foreach (var other in _cluster.Nodes)
            {
                if (other == this)
                {
                    continue;
                }

                var reachable = _cluster.Reachable(this, other);
                members.Add(new PeerMember(other.Id, other.Address.ToString(), other.Identity.Hostname, other.Identity.Name,
                    reachable ? MemberState.Alive : MemberState.Dead, 0, DateTimeOffset.UnixEpoch, now, LastHeard(other, now, reachable), null, null, null, 0, 0, 0));
            }

            Peers.Publish(new PeerSet((Peers.Current?.Version ?? 0) + 1, Id, members.ToImmutable()));
        }

        private readonly Dictionary<string, DateTimeOffset> _lastHeard = [];

        private DateTimeOffset LastHeard(Node other, DateTimeOffset now, bool reachable)
        {
            if (!reachable && _lastHeard.TryGetValue(other.Id, out var last))
            {
                return last;
            }

            return _lastHeard[other.Id] = reachable ? now : DateTimeOffset.UnixEpoch;
        }

        /// <summary>As the schedule loop's host: run on a lease change and every resync period while leading.</summary>
        public async Task ScheduleIfDueAsync(DateTimeOffset now)
        {
            var lease = View.Current;
            if (lease != _lastLease || (lease.IsLeader && now - _lastRun >= _cluster.Resync))
            {
                _lastLease = lease;
                _lastRun = now;
                try
                {
                    await Scheduling.ReconcileAsync(ScheduleController.Key, CancellationToken.None);
                }
                catch (Exception ex) when (ex is SchedulerException or TerminalReconcileException)
                {
                    LastSchedulerError = ex;
                }
            }
        }

        /// <summary>Publishes a new runtime revision and runs the scheduler now (as the config loop would).</summary>
        public Task RescheduleAsync(int rev)
        {
            Config.Publish(TestSources.Snapshot(TestSources.Lua(Scheduler), $$"""{"rev":{{rev}}}"""));
            return Scheduling.ReconcileAsync(ScheduleController.Key, CancellationToken.None).AsTask();
        }

        public void Dispose() => Scheduling.Dispose();
    }

    /// <summary>Serves each node's current schedule envelope as <c>/v1/schedule</c> would; fails across a partition.</summary>
    internal sealed class InMemoryFetcher(ClusterHarness cluster, Node self) : IScheduleFetcher
    {
        public Task<byte[]?> FetchAsync(string address, string? hash, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref cluster.FetchRequests);
            var target = cluster.Nodes.FirstOrDefault(n => n.Address.ToString() == address);
            if (target is null || !cluster.Reachable(self, target))
            {
                throw new ScheduleFetchException($"{address} is unreachable");
            }

            var schedule = hash is null ? target.Schedule : target.Recent.Find(hash, target.Schedule);
            return Task.FromResult(cluster.Serve(target, schedule?.ToJson()));
        }
    }
}

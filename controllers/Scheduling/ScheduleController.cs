using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling;

/// <summary>
/// The schedule loop (leader only, single key). Runs the scheduler when the config snapshot
/// changes, when the lease changes, when an action arrives, when a peer joins, leaves or changes
/// state (so a dead node's work moves at once, not at the next resync), and every
/// <see cref="SchedulingOptions.ResyncPeriod"/>; the previous schedule's data is
/// the parent. A result with a new hash is persisted (temp file + rename) and published; a failed
/// run keeps the last good schedule and is retried with backoff.
/// </summary>
internal sealed partial class ScheduleController(
    IOptions<SchedulingOptions> options,
    NodeIdentity node,
    ILeadershipView leadership,
    SnapshotPublisher<ConfigSnapshot> config,
    SnapshotPublisher<ScheduleState> state,
    ScheduleStore store,
    SchedulerMetrics metrics,
    TimeProvider time,
    ILogger<ScheduleController> logger,
    SnapshotPublisher<Peers.PeerSet>? peers = null,
    ActionQueue? actions = null) : IReconciler<string>, IWatchSource<string>, IDisposable
{
    public const string Key = "schedule";

    private readonly SchedulingOptions _options = options.Value;
    private ISchedulerEngine? _engine;
    private string? _engineFingerprint;
    private bool _storeLoaded;

    public Task WatchAsync(IQueueWriter<string> queue, CancellationToken cancellationToken) =>
        Task.WhenAll(WatchConfigAsync(queue, cancellationToken), WatchLeadershipAsync(queue, cancellationToken), WatchActionsAsync(queue, cancellationToken), WatchPeersAsync(queue, cancellationToken));

    /// <summary>
    /// Membership changes (a member added or removed, its state or address changed) run the
    /// scheduler at once; the periodic republishing of the same membership does not.
    /// </summary>
    private async Task WatchPeersAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        if (peers is null)
        {
            return;
        }

        long seen = 0;
        string? membership = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = await peers.WaitForNewerAsync(seen, cancellationToken).ConfigureAwait(false);
            seen = next.Version;
            var now = Membership(next.Value);
            if (membership is not null && now != membership)
            {
                queue.Enqueue(Key);
            }

            membership = now;
        }
    }

    internal static string Membership(Peers.PeerSet set) =>
        string.Join('\n', set.Members.Select(m => $"{m.Id} {m.State} {m.Address}"));

    /// <summary>A new action runs the scheduler at once (the waiter is answered by that run) instead of at the next resync.</summary>
    private async Task WatchActionsAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        while (actions is not null && !cancellationToken.IsCancellationRequested)
        {
            await actions.WaitForAddedAsync(cancellationToken).ConfigureAwait(false);
            queue.Enqueue(Key);
        }
    }

    private async Task WatchConfigAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        long seen = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = await config.WaitForNewerAsync(seen, cancellationToken).ConfigureAwait(false);
            seen = next.Version;
            queue.Enqueue(Key);
        }
    }

    /// <summary>A new lease (leader or not, new epoch) means run now rather than at the next resync.</summary>
    private async Task WatchLeadershipAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        var seen = leadership.Current;
        while (!cancellationToken.IsCancellationRequested)
        {
            await leadership.WaitForChangeAsync(seen, cancellationToken).ConfigureAwait(false);
            var now = leadership.Current;
            if (now != seen)
            {
                seen = now;
                queue.Enqueue(Key);
            }
        }
    }

    public ValueTask<ReconcileResult> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        EnsureStoreLoaded();
        var snapshot = config.Current?.Value;
        if (snapshot is null)
        {
            return ValueTask.FromResult(ReconcileResult.Done);
        }

        var lease = leadership.Current;
        if (!lease.IsLeader)
        {
            if (actions?.DropAll() is > 0 and var dropped)
            {
                LogActionsDropped(dropped);
            }

            return ValueTask.FromResult(ReconcileResult.After(_options.ResyncPeriod));
        }

        if (snapshot.Scheduler is null)
        {
            throw new TerminalReconcileException(string.Join("; ", snapshot.SchedulerProblems));
        }

        RunOnce(snapshot, lease);
        return ValueTask.FromResult(ReconcileResult.After(_options.ResyncPeriod));
    }

    private void RunOnce(ConfigSnapshot snapshot, LeadershipLease lease)
    {
        var epoch = lease.Epoch;
        var previous = state.Current?.Value;
        var current = previous?.Current;
        var now = time.GetUtcNow();
        var parents = new List<Schedule>();
        if (current is not null)
        {
            parents.Add(current);
        }

        foreach (var parent in leadership.ParentsFor(epoch))
        {
            if (parents.TrueForAll(p => p.Hash != parent.Hash))
            {
                parents.Add(parent);
            }
        }

        var pending = actions?.Snapshot() ?? [];
        var input = new SchedulerInput(now.ToUnixTimeMilliseconds(), node.Hostname, node.Id)
            .WithParents(parents.Select(p => p.Data))
            .With("actions", ActionQueue.ToJsonObject(pending))
            .With("runtime", snapshot.RuntimeJson)
            .With("peers", peers?.Current?.Value is { } peerSet ? Peers.SchedulerPeersJson.ToJson(peerSet, leadership.Reports) : "{}"u8.ToArray())
            .ToJson();
        var started = time.GetTimestamp();
        try
        {
            var engine = EngineFor(snapshot.Scheduler!);
            var output = engine.Run(input);
            var (data, replies) = ActionReplies.Extract(ScheduleResult.ToCanonicalData(output.ScheduleJson, output.Log));
            var elapsed = time.GetElapsedTime(started);
            metrics.RecordRun("success", elapsed);
            if (leadership.Current != lease)
            {
                // Leadership moved on during the run: the result belongs to a term that is over.
                LogAbandoned(epoch);
                return;
            }

            // A new term re-stamps even an identical schedule, so followers see this leader's stamp.
            var changed = current is null || current.Hash != CanonicalJson.Sha1Hex(data) || current.Origin != node.Id || current.Epoch != epoch;
            var schedule = changed ? Schedule.Create(now.ToUnixTimeMilliseconds(), node.Id, epoch, data) : current!;
            if (changed)
            {
                store.Save(schedule);
                metrics.RecordChange();
                LogNewSchedule(schedule.Hash, epoch, elapsed.TotalMilliseconds);
            }
            else
            {
                LogUnchanged(schedule.Hash);
            }

            state.Publish(new ScheduleState(schedule, new SchedulerRunInfo(input, output.Log, null, now, elapsed, changed)));
            actions?.Complete(pending.Select(p => p.Key), replies);
            if (parents.Count > (current is null ? 0 : 1))
            {
                leadership.ParentsMerged(epoch, [.. parents.Select(p => p.Hash)]);
            }
        }
        catch (SchedulerException ex)
        {
            var elapsed = time.GetElapsedTime(started);
            metrics.RecordRun(ex.Kind.ToString().ToLowerInvariant(), elapsed);
            if (ex.Kind is SchedulerErrorKind.Load)
            {
                DropEngine();
            }

            state.Publish(new ScheduleState(current, new SchedulerRunInfo(input, ex.Log ?? "", ex.Message, now, elapsed, false)));
            throw;
        }
    }

    private ISchedulerEngine EngineFor(SchedulerSource source)
    {
        if (_engine is null || _engineFingerprint != source.Fingerprint)
        {
            DropEngine();
            _engine = SchedulerEngines.Load(source, _options.ToLimits(), ProcessExitWatchdog.Shared);
            _engineFingerprint = source.Fingerprint;
        }

        return _engine;
    }

    private void EnsureStoreLoaded()
    {
        if (_storeLoaded)
        {
            return;
        }

        _storeLoaded = true;
        try
        {
            var stored = store.Load();
            if (stored is not null && state.Current?.Value.Current is null)
            {
                state.Publish(new ScheduleState(stored, null));
                LogStoredLoaded(stored.Hash, store.SchedulePath);
            }
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            LogStoredRejected(ex, store.SchedulePath);
        }
    }

    private void DropEngine()
    {
        _engine?.Dispose();
        _engine = null;
        _engineFingerprint = null;
    }

    public void Dispose() => DropEngine();

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "New schedule {Hash} (epoch {Epoch}) in {ElapsedMs:F1} ms")]
    private partial void LogNewSchedule(string hash, long epoch, double elapsedMs);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Debug, Message = "Schedule unchanged ({Hash})")]
    private partial void LogUnchanged(string hash);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Loaded stored schedule {Hash} from {Path}")]
    private partial void LogStoredLoaded(string hash, string path);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Scheduler result of epoch {Epoch} abandoned: leadership changed during the run")]
    private partial void LogAbandoned(long epoch);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Warning, Message = "Not leader: dropped {Count} pending actions")]
    private partial void LogActionsDropped(int count);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Stored schedule {Path} rejected; starting without one")]
    private partial void LogStoredRejected(Exception exception, string path);
}

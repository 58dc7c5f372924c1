using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Leadership;
using Verwalter.Model;
using Verwalter.Peers;
using Verwalter.Reconciliation;
using Verwalter.Scheduling;

namespace Verwalter.Replication;

/// <summary>
/// Moves schedules between nodes (docs/controllers/replication.md). On a follower it pulls the
/// leader's schedule when the stamp in the leader's Ping changes, and accepts it only from the
/// current leader, with a matching hash and an epoch no older than any seen. On a new leader it
/// collects the schedules peers last knew as parents, and finishes as soon as every alive peer has
/// answered and every distinct schedule is fetched (bounded by a timeout). A leader keeps picking
/// up unknown schedules peers report later (a healed partition), for its next run.
/// </summary>
internal sealed partial class ReplicationController(
    IOptions<LeadershipOptions> leadershipOptions,
    IOptions<ReplicationOptions> options,
    NodeIdentity node,
    SnapshotPublisher<LeadershipState> leadership,
    SnapshotPublisher<PeerSet> peers,
    SnapshotPublisher<ScheduleState> schedules,
    SnapshotPublisher<ReplicationState> published,
    ParentPool parents,
    RecentSchedules recent,
    ScheduleStore store,
    IScheduleFetcher fetcher,
    LeadershipMetrics metrics,
    IRandomSource random,
    TimeProvider time,
    ILogger<ReplicationController> logger,
    ControllerMetrics? loopMetrics = null) : BackgroundService, IControllerLoop
{
    /// <summary>The loop's name in status, logs and metrics.</summary>
    public const string LoopName = "replication";

    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(1);

    // A failed pass waits RetryDelay first, then doubles up to the cap.
    private readonly LoopRunner _loop = new(
        LoopName,
        options.Value.RetryDelay,
        options.Value.RetryDelay > LoopRunner.DefaultBackoffCap ? options.Value.RetryDelay : LoopRunner.DefaultBackoffCap,
        null,
        time,
        random,
        loopMetrics,
        logger);

    private readonly Dictionary<string, DateTimeOffset> _parentRetryAt = new(StringComparer.Ordinal);
    private readonly HashSet<string> _merged = new(StringComparer.Ordinal);
    private long _highestEpoch;
    private (string Leader, long Epoch)? _following;
    private string? _stableHash;
    private DateTimeOffset _retryAt;
    private string? _lastError;
    private long _term = -1;
    private DateTimeOffset _collectStarted;
    private bool _ready;

    /// <summary>The highest epoch seen (elections and accepted schedules); never goes down.</summary>
    public long HighestEpoch => Interlocked.Read(ref _highestEpoch);

    public string Name => _loop.Name;

    public ControllerStatus Status => _loop.Status;

    /// <summary>Replication has no queue: each pass re-reads the leadership snapshot.</summary>
    public int? QueueDepth => null;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _loop.RunAsync(
            async ct =>
            {
                var seen = leadership.Current?.Version ?? 0;
                return (Seen: seen, Wait: await PumpAsync(ct).ConfigureAwait(false));
            },
            async (next, ct) =>
            {
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(ct);
                await Task.WhenAny(leadership.WaitForNewerAsync(next.Seen, wake.Token), Task.Delay(next.Wait, time, wake.Token)).ConfigureAwait(false);
                await wake.CancelAsync().ConfigureAwait(false);
            },
            stoppingToken);

    /// <summary>One pass over the current leadership snapshot; returns the longest it may wait before the next pass.</summary>
    internal async ValueTask<TimeSpan> PumpAsync(CancellationToken cancellationToken)
    {
        var lead = leadership.Current?.Value;
        if (lead is null)
        {
            Publish(ReplicationState.Unstable(HighestEpoch));
            return IdleWake;
        }

        RaiseEpoch(lead.Epoch);
        if (lead.IsLeader)
        {
            _following = null;
            return await LeadAsync(lead, cancellationToken).ConfigureAwait(false);
        }

        _term = -1;
        if (lead.Phase == ElectionPhase.Follower && lead.LeaderId is { } leader)
        {
            return await FollowAsync(lead, leader, cancellationToken).ConfigureAwait(false);
        }

        // No leader: keep the last schedule (it stays rendered and served), report unstable.
        _following = null;
        _stableHash = null;
        Publish(ReplicationState.Unstable(HighestEpoch));
        return IdleWake;
    }

    private async ValueTask<TimeSpan> FollowAsync(LeadershipState lead, string leader, CancellationToken cancellationToken)
    {
        if (_following != (leader, lead.Epoch))
        {
            _following = (leader, lead.Epoch);
            _stableHash = null;
            _retryAt = DateTimeOffset.MinValue;
        }

        var target = lead.LeaderStamp;
        if (target is null)
        {
            Publish(new ReplicationState("waiting", "Replicating", leader, null, null, HighestEpoch, _lastError));
            return IdleWake;
        }

        var current = schedules.Current?.Value.Current;
        if (_stableHash != target.Hash && current is not null && current.Stamp == target && target.Origin == leader && target.Epoch >= HighestEpoch)
        {
            _stableHash = current.Hash;
        }

        if (_stableHash == target.Hash)
        {
            Publish(new ReplicationState("ok", "Replicating", leader, target.Hash, null, HighestEpoch, _lastError));
            return IdleWake;
        }

        Publish(new ReplicationState("fetching", "Replicating", leader, target.Hash, null, HighestEpoch, _lastError));
        var now = time.GetUtcNow();
        if (now < _retryAt)
        {
            return _retryAt - now;
        }

        if (lead.LeaderAddress is not { } address)
        {
            return Pause(now, $"no address known for leader {leader}");
        }

        byte[]? body;
        try
        {
            body = await fetcher.FetchAsync(address, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ScheduleFetchException ex)
        {
            metrics.Fetch("replica", "error");
            LogFetchFailed(ex, address);
            return Pause(time.GetUtcNow(), ex.Message);
        }

        if (body is null)
        {
            metrics.Fetch("replica", "missing");
            return Pause(time.GetUtcNow(), $"leader {leader} has no schedule yet");
        }

        Schedule schedule;
        try
        {
            schedule = Schedule.Parse(body);
        }
        catch (FormatException ex)
        {
            metrics.Fetch("replica", "rejected");
            metrics.ScheduleRejected("hash");
            LogRejected(address, "hash", ex.Message);
            return Pause(time.GetUtcNow(), ex.Message);
        }

        // Leadership may have moved on while the request was in flight: judge against the latest.
        var latest = leadership.Current?.Value;
        if (latest is null || latest.Phase != ElectionPhase.Follower || latest.LeaderId != schedule.Origin)
        {
            metrics.Fetch("replica", "rejected");
            metrics.ScheduleRejected("origin");
            LogRejected(address, "origin", $"origin {schedule.Origin} is not the current leader {latest?.LeaderId}");
            return Pause(time.GetUtcNow(), "schedule origin is not the current leader");
        }

        if (schedule.Epoch < HighestEpoch)
        {
            metrics.Fetch("replica", "rejected");
            metrics.ScheduleRejected("epoch");
            LogRejected(address, "epoch", $"epoch {schedule.Epoch} is older than {HighestEpoch}");
            return Pause(time.GetUtcNow(), $"schedule epoch {schedule.Epoch} is older than {HighestEpoch}");
        }

        if (schedule.Hash != target.Hash)
        {
            // The leader made a newer one since its last Ping; the next Ping names it.
            metrics.Fetch("replica", "moved_on");
            return options.Value.RetryDelay;
        }

        Accept(schedule);
        metrics.Fetch("replica", "ok");
        _stableHash = schedule.Hash;
        _lastError = null;
        Publish(new ReplicationState("ok", "Replicating", leader, schedule.Hash, null, HighestEpoch, null));
        return IdleWake;
    }

    private void Accept(Schedule schedule)
    {
        RaiseEpoch(schedule.Epoch);
        // A failed write is reported and retried by the storage loop; the schedule is accepted in memory.
        store.Save(schedule);

        // The replaced schedule stays available by hash for a future leader's parent collection;
        // the last run's debug info belonged to this node's time as leader and is cleared.
        recent.Remember(schedules.Current?.Value.Current);
        schedules.Publish(new ScheduleState(schedule, null));
        LogAccepted(schedule.Hash, schedule.Origin, schedule.Epoch);
    }

    private async ValueTask<TimeSpan> LeadAsync(LeadershipState lead, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var own = schedules.Current?.Value.Current;
        if (_term != lead.Epoch)
        {
            _term = lead.Epoch;
            _collectStarted = now;
            _ready = false;
            _merged.Clear();
            _parentRetryAt.Clear();
            parents.Reset(lead.Epoch);
            if (own is not null)
            {
                _merged.Add(own.Hash);
            }

            LogCollecting(lead.Epoch);
        }

        var members = peers.Current?.Value.Members ?? [];
        var wanted = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (peer, stamp) in lead.PeerStamps)
        {
            if (_merged.Contains(stamp.Hash) || stamp.Hash == own?.Hash || (stamp.Origin == node.Id && stamp.Epoch == _term))
            {
                continue;
            }

            // A peer gossip still calls dead is skipped unless it answered this term's Ping: after a
            // partition heals, the election hears the returning side before gossip marks it alive,
            // and its schedule must reach the next run before it takes this leader's.
            if (!lead.Answered.Contains(peer) && members.Any(m => m.Id == peer && m.State == MemberState.Dead))
            {
                continue;
            }

            if (!wanted.TryGetValue(stamp.Hash, out var holders))
            {
                wanted[stamp.Hash] = holders = [];
            }

            holders.Add(peer);
        }

        foreach (var stale in _parentRetryAt.Keys.Where(h => !wanted.ContainsKey(h)).ToList())
        {
            _parentRetryAt.Remove(stale);
        }

        var timeout = leadershipOptions.Value.ParentCollectionTimeout;
        var due = wanted.Where(w => !_parentRetryAt.TryGetValue(w.Key, out var at) || now >= at).ToList();
        if (due.Count > 0)
        {
            // While collecting, a slow peer must not hold the first schedule past the collection deadline.
            var remaining = _collectStarted + timeout - now;
            using var deadline = new CancellationTokenSource(_ready ? Timeout.InfiniteTimeSpan : remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, time);
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var fetched = await Task.WhenAll(due.Select(w => FetchParentAsync(lead, w.Key, w.Value, bounded.Token))).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var failedAt = time.GetUtcNow();
            for (var i = 0; i < due.Count; i++)
            {
                var hash = due[i].Key;
                if (fetched[i] is { } schedule)
                {
                    _merged.Add(hash);
                    _parentRetryAt.Remove(hash);
                    parents.Add(lead.Epoch, schedule);
                }
                else
                {
                    _parentRetryAt[hash] = failedAt + Jittered(options.Value.RetryDelay);
                }
            }
        }

        now = time.GetUtcNow();
        if (!_ready)
        {
            var alive = members.Where(m => m.State == MemberState.Alive && m.Id != node.Id);
            var silent = alive.Count(m => !lead.Answered.Contains(m.Id));
            var missing = wanted.Keys.Count(h => !_merged.Contains(h));
            if (silent == 0 && missing == 0)
            {
                _ready = true;
                var collected = parents.For(lead.Epoch).Count;
                var elapsedMs = (now - _collectStarted).TotalMilliseconds;
                LogCollected(lead.Epoch, collected, elapsedMs);
            }
            else if (now - _collectStarted >= timeout)
            {
                _ready = true;
                LogCollectionTimedOut(lead.Epoch, silent, missing);
            }
        }

        Publish(new ReplicationState("ok", _ready ? "StableLeader" : "Prefetching", node.Id, own?.Hash, _ready ? lead.Epoch : null, HighestEpoch, _lastError));
        var wait = _ready ? IdleWake : Min(IdleWake, _collectStarted + timeout - now);
        foreach (var (hash, at) in _parentRetryAt)
        {
            if (!_merged.Contains(hash) && at > now)
            {
                wait = Min(wait, at - now);
            }
        }

        return wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait;
    }

    /// <summary>Tries each holder of <paramref name="hash"/> in turn; null when none could hand it over (or time ran out).</summary>
    private async Task<Schedule?> FetchParentAsync(LeadershipState lead, string hash, List<string> holders, CancellationToken cancellationToken)
    {
        foreach (var holder in holders)
        {
            if (!lead.PeerAddresses.TryGetValue(holder, out var address))
            {
                continue;
            }

            try
            {
                var body = await fetcher.FetchAsync(address, hash, cancellationToken).ConfigureAwait(false);
                if (body is null)
                {
                    metrics.Fetch("parent", "missing");
                    continue;
                }

                var schedule = Schedule.Parse(body);
                if (schedule.Hash != hash)
                {
                    metrics.Fetch("parent", "moved_on");
                    continue;
                }

                metrics.Fetch("parent", "ok");
                LogParentFetched(hash, holder);
                return schedule;
            }
            catch (ScheduleFetchException ex)
            {
                metrics.Fetch("parent", "error");
                LogFetchFailed(ex, address);
            }
            catch (OperationCanceledException)
            {
                // The collection deadline (or shutdown; the caller checks) ended the attempt.
                metrics.Fetch("parent", "error");
                return null;
            }
            catch (FormatException ex)
            {
                metrics.Fetch("parent", "rejected");
                metrics.ScheduleRejected("hash");
                LogRejected(address, "hash", ex.Message);
            }
        }

        return null;
    }

    private TimeSpan Pause(DateTimeOffset now, string error)
    {
        _lastError = error;
        var delay = Jittered(options.Value.RetryDelay);
        _retryAt = now + delay;
        return delay;
    }

    private TimeSpan Jittered(TimeSpan delay) => delay * (0.5 + random.NextDouble());

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private void RaiseEpoch(long epoch)
    {
        long seen;
        while (epoch > (seen = Interlocked.Read(ref _highestEpoch)))
        {
            Interlocked.CompareExchange(ref _highestEpoch, epoch, seen);
        }
    }

    private void Publish(ReplicationState state)
    {
        if (published.Current?.Value != state)
        {
            published.Publish(state);
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Accepted schedule {Hash} from leader {Origin} (epoch {Epoch})")]
    private partial void LogAccepted(string hash, string origin, long epoch);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Rejected schedule from {Address} ({Reason}): {Detail}")]
    private partial void LogRejected(string address, string reason, string detail);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Debug, Message = "Fetching the schedule from {Address} failed")]
    private partial void LogFetchFailed(Exception exception, string address);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Collecting parent schedules for epoch {Epoch}")]
    private partial void LogCollecting(long epoch);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Parent collection for epoch {Epoch} done: {Count} schedules from peers in {ElapsedMs:F0} ms")]
    private partial void LogCollected(long epoch, int count, double elapsedMs);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Parent collection for epoch {Epoch} timed out: {Silent} alive peers silent, {Missing} schedules not fetched")]
    private partial void LogCollectionTimedOut(long epoch, int silent, int missing);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Fetched parent schedule {Hash} from {Peer}")]
    private partial void LogParentFetched(string hash, string peer);
}

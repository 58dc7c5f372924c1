using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Verwalter.Reconciliation;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Supervision;

/// <summary>
/// The supervisor loop, keyed by instance (<c>sandbox/process.i</c>). The desired set comes from
/// the lithos files (re-read on <see cref="RequestReload"/>: SIGHUP, SIGQUIT, <c>switch</c>), the
/// actual set from the launcher's processes; each pass of one key starts a missing instance once
/// its restart tracker allows, SIGTERMs one that is retired or whose identity changed (SIGKILL
/// after its kill-timeout), and picks up exits. At start, processes recorded by a previous
/// supervisor are adopted first, so nothing unchanged is restarted; records that do not parse are
/// moved aside by the launcher and listed in the status. An exit the supervisor caused (SIGTERM on
/// retirement or an identity change) is a planned stop, not a restart.
/// </summary>
internal sealed partial class SupervisorController(
    SupervisorOptions options,
    IProcessLauncher launcher,
    IContainerConfigReader reader,
    SupervisorMetrics metrics,
    TimeProvider time,
    IRandomSource random,
    ILogger<SupervisorController> logger) : IReconciler<InstanceKey>, IWatchSource<InstanceKey>
{
    private static readonly TimeSpan KillRecheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReleaseRecheck = TimeSpan.FromMilliseconds(200);
    private const int ReleaseAttempts = 25;

    private readonly ConcurrentDictionary<InstanceKey, InstanceSlot> _slots = new();
    private readonly Channel<bool> _reload = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile DesiredProcessSet _desired = DesiredProcessSet.Empty;
    private volatile LithosConfigTree? _tree;
    private volatile IReadOnlyList<CorruptRecord> _corrupt = [];
    private volatile IQueueWriter<InstanceKey>? _queue;
    private long _changes;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DateTimeOffset StartedAt { get; } = time.GetUtcNow();

    /// <summary>Bumped on every change the status shows.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    /// <summary>Completes after the first load and adoption.</summary>
    public Task Loaded => _loaded.Task;

    public MasterConfig? Master => _tree?.Master;

    public void RequestReload() => _reload.Writer.TryWrite(true);

    public async Task WatchAsync(IQueueWriter<InstanceKey> queue, CancellationToken cancellationToken)
    {
        _queue = queue;
        Reload(adopt: true);
        _loaded.TrySetResult();
        EnqueueAll(queue);
        while (await _reload.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_reload.Reader.TryRead(out _))
            {
            }

            Reload(adopt: false);
            EnqueueAll(queue);
        }
    }

    public ValueTask<ReconcileResult> ReconcileAsync(InstanceKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var desired = _desired.Instances.GetValueOrDefault(key);
        if (!_slots.TryGetValue(key, out var slot))
        {
            if (desired is null)
            {
                return ValueTask.FromResult(ReconcileResult.Done);
            }

            var tracker = new RestartTracker(options.PolicyFor(desired.Container.Config), random);
            slot = _slots.GetOrAdd(key, _ => new InstanceSlot(key, tracker, RestartTracker.Initial(now)));
        }

        lock (slot.Gate)
        {
            return ValueTask.FromResult(Step(slot, desired, now));
        }
    }

    /// <summary>SIGTERM to everything, SIGKILL to whatever outlives its kill-timeout; returns once all have exited.</summary>
    public async Task StopAllAsync(CancellationToken cancellationToken)
    {
        var running = _slots.Values.Select(s => s.Process).OfType<RunningProcess>().ToList();
        LogStoppingAll(running.Count);
        foreach (var process in running)
        {
            launcher.Terminate(process);
        }

        var waits = running.Select(async process =>
        {
            try
            {
                await process.Exited.WaitAsync(process.KillTimeout, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                LogKilled(process.Key, process.Pid, process.KillTimeout.TotalSeconds);
                launcher.Kill(process);
                await process.Exited.WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(waits).ConfigureAwait(false);
        if (_tree?.Master is { } master)
        {
            foreach (var process in running)
            {
                launcher.Forget(master, process);
            }

            // As on retirement: a group whose processes are still leaving (a v2 group stays busy for
            // a moment after its last process exited) is retried a few times before giving up.
            // Every slot, not only the running ones: an instance waiting out its backoff has a group too.
            var pending = _slots.Keys.ToList();
            for (var attempt = 1; ; attempt++)
            {
                pending = [.. pending.Where(key => !launcher.Release(master, key))];
                if (pending.Count == 0 || attempt >= ReleaseAttempts)
                {
                    break;
                }

                await Task.Delay(ReleaseRecheck, time, cancellationToken).ConfigureAwait(false);
            }

            pending.ForEach(LogReleaseFailed);
        }

        Interlocked.Increment(ref _changes);
    }

    public SupervisorStatus Status(int supervisorPid, string config)
    {
        var rows = new List<InstanceStatus>();
        foreach (var slot in _slots.Values.OrderBy(s => s.Key))
        {
            lock (slot.Gate)
            {
                var process = slot.Process;
                var state = process is null ? "waiting" : slot.Stopping ? "stopping" : "running";
                var restart = slot.Restart;
                rows.Add(new InstanceStatus(
                    slot.Key.ToString(), slot.Key.Sandbox, slot.Key.Process, state, process?.Pid, process?.StartedAt, process?.Adopted ?? false,
                    restart.Starts, restart.Deaths, restart.Failures, restart.ConsecutiveFailures, restart.Backoff.TotalMilliseconds,
                    process is null ? restart.NextStart : null, Describe(slot.LastExit), slot.LastError, restart.PlannedStops));
            }
        }

        var problems = _desired.Problems.Select(p => p.ToString()).ToList();
        var cgroups = _tree?.Master is { } master ? launcher.DescribeCgroups(master) : "unknown: master.yaml is not loaded";
        return new SupervisorStatus(supervisorPid, config, StartedAt, time.GetUtcNow(), cgroups, problems, rows, _corrupt);
    }

    private ReconcileResult Step(InstanceSlot slot, DesiredInstance? desired, DateTimeOffset now)
    {
        var tree = _tree;
        if (slot.Process is { Exited.IsCompleted: true } finished)
        {
            Collect(slot, finished, now, tree?.Master);
        }

        if (slot.Process is { } running)
        {
            if (desired is not null && desired.Identity.Equals(running.Identity) && !slot.Stopping)
            {
                return ReconcileResult.Done;
            }

            if (!slot.Stopping)
            {
                LogStopping(slot.Key, running.Pid, desired is null ? "retired" : "identity changed");
                slot.KillAt = now + running.KillTimeout;
                launcher.Terminate(running);
                Changed();
                return ReconcileResult.After(running.KillTimeout);
            }

            if (now >= slot.KillAt)
            {
                if (!slot.Killed)
                {
                    LogKilled(slot.Key, running.Pid, running.KillTimeout.TotalSeconds);
                    slot.Killed = true;
                }

                launcher.Kill(running);
                return ReconcileResult.After(KillRecheck);
            }

            return ReconcileResult.After(slot.KillAt!.Value - now);
        }

        if (desired is null)
        {
            // Retired: its cgroups go once its processes have left them (kept between restarts only).
            if (tree is not null && !launcher.Release(tree.Master, slot.Key))
            {
                if (++slot.ReleaseAttempts < ReleaseAttempts)
                {
                    return ReconcileResult.After(ReleaseRecheck);
                }

                LogReleaseFailed(slot.Key);
            }

            _slots.TryRemove(slot.Key, out _);
            metrics.Backoff(slot.Key, TimeSpan.Zero);
            Changed();
            return ReconcileResult.Done;
        }

        var policy = options.PolicyFor(desired.Container.Config);
        if (!policy.Equals(slot.Tracker.Policy))
        {
            slot.Tracker = new RestartTracker(policy, random);
        }

        if (!slot.Restart.CanStart(now))
        {
            return ReconcileResult.After(slot.Restart.DelayUntilStart(now));
        }

        if (tree is null || !tree.Sandboxes.TryGetValue(slot.Key.Sandbox, out var sandbox))
        {
            return ReconcileResult.Done;
        }

        try
        {
            slot.Process = launcher.Start(tree.Master, sandbox, desired, now, OnExited);
            slot.Restart = slot.Tracker.Started(slot.Restart, now);
            slot.LastError = null;
            slot.ReleaseAttempts = 0;
            metrics.Started(slot.Key);
            metrics.Backoff(slot.Key, TimeSpan.Zero);
            LogStarted(slot.Key, slot.Process.Pid, slot.Restart.Starts);
            Changed();
            return ReconcileResult.Done;
        }
        catch (Exception e) when (e is SandboxUnsupportedException or IOException or UnauthorizedAccessException)
        {
            slot.LastError = e.Message;
            slot.Restart = slot.Tracker.Exited(slot.Tracker.Started(slot.Restart, now), ProcessExit.Code(now, 127));
            metrics.StartFailed(slot.Key);
            metrics.Backoff(slot.Key, slot.Restart.Backoff);
            LogStartFailed(e, slot.Key, slot.Restart.DelayUntilStart(now).TotalSeconds);
            Changed();
            return ReconcileResult.After(slot.Restart.DelayUntilStart(now));
        }
    }

    private void Collect(InstanceSlot slot, RunningProcess process, DateTimeOffset now, MasterConfig? master)
    {
        var exit = process.Exited.Result with { At = now };
        var wasStopping = slot.Stopping;
        var before = slot.Restart;
        slot.Restart = slot.Tracker.Exited(before, exit);
        var failed = !wasStopping && !slot.Tracker.Policy.IsNormal(exit);
        if (wasStopping)
        {
            // A stop we asked for is not a crash: no restart, no failure, no backoff, only restart-timeout.
            var rateLimit = (before.LastStart ?? now) + slot.Tracker.Policy.RestartTimeout;
            slot.Restart = slot.Restart with
            {
                ConsecutiveFailures = before.ConsecutiveFailures,
                Backoff = TimeSpan.Zero,
                Deaths = before.Deaths,
                Failures = before.Failures,
                PlannedStops = before.PlannedStops + 1,
                NextStart = rateLimit > now ? rateLimit : now,
            };
        }

        slot.Process = null;
        slot.KillAt = null;
        slot.Killed = false;
        slot.LastExit = exit;
        if (master is not null)
        {
            launcher.Forget(master, process);
        }

        metrics.Backoff(slot.Key, slot.Restart.Backoff);
        var described = Describe(exit) ?? "unknown";
        var uptime = (now - process.StartedAt).TotalSeconds;
        if (wasStopping)
        {
            metrics.StoppedPlanned(slot.Key);
            LogStoppedPlanned(slot.Key, process.Pid, described, uptime);
        }
        else
        {
            metrics.Died(slot.Key, failed);
            LogExited(slot.Key, process.Pid, described, uptime, slot.Restart.DelayUntilStart(now).TotalSeconds);
        }

        Changed();
    }

    private void OnExited(RunningProcess process) => _queue?.Enqueue(process.Key);

    internal void Reload(bool adopt)
    {
        LithosConfigTree tree;
        try
        {
            tree = LithosConfigLoader.Load(options.MasterPath);
        }
        catch (Exception e) when (e is LithosConfigException or IOException or UnauthorizedAccessException)
        {
            LogMasterFailed(e, options.MasterPath);
            return;
        }

        var previous = _desired;
        var desired = DesiredProcessSetBuilder.Build(tree, reader).KeepLastGood(previous);
        foreach (var problem in desired.Problems)
        {
            LogProblem(problem.ToString());
        }

        _tree = tree;
        _desired = desired;
        metrics.Configure(desired.Instances.Keys);
        LogLoaded(desired.Instances.Count, tree.Sandboxes.Count, desired.FailedSandboxes.Count);
        if (adopt)
        {
            Adopt(tree);
        }

        Changed();
    }

    private void Adopt(LithosConfigTree tree)
    {
        var now = time.GetUtcNow();
        var recovery = launcher.Recover(tree.Master, now, OnExited);
        if (recovery.Corrupt.Count > 0)
        {
            _corrupt = [.. _corrupt, .. recovery.Corrupt];
            metrics.CorruptRecords(recovery.Corrupt.Count);
        }

        foreach (var process in recovery.Adopted)
        {
            var desired = _desired.Instances.GetValueOrDefault(process.Key);
            var policy = desired is not null
                ? options.PolicyFor(desired.Container.Config)
                : RestartPolicy.For(FallbackContainer) with { BackoffBase = options.BackoffBase, BackoffCap = options.BackoffCap };
            var tracker = new RestartTracker(policy, random);
            var slot = new InstanceSlot(process.Key, tracker, tracker.Adopted(RestartTracker.Initial(now), StartedAt)) { Process = process };
            _slots[process.Key] = slot;
            metrics.Adopted(process.Key);
            LogAdopted(process.Key, process.Pid, process.StartedAt);
        }

        launcher.RemoveStale(tree.Master, _desired.Instances.Keys.Concat(_slots.Keys).ToHashSet());
    }

    private void EnqueueAll(IQueueWriter<InstanceKey> queue)
    {
        foreach (var key in _desired.Instances.Keys.Concat(_slots.Keys).Distinct())
        {
            queue.Enqueue(key);
        }
    }

    private void Changed()
    {
        Interlocked.Increment(ref _changes);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes when something the status shows changes after <paramref name="seen"/>.</summary>
    public Task WaitForChangeAsync(long seen, CancellationToken cancellationToken)
    {
        var next = Volatile.Read(ref _changed).Task;
        return Changes != seen ? Task.CompletedTask : next.WaitAsync(cancellationToken);
    }

    private static string? Describe(ProcessExit? exit) => exit switch
    {
        null => null,
        { ExitCode: { } code } => string.Create(CultureInfo.InvariantCulture, $"exit code {code}"),
        { Signal: { } signal } => string.Create(CultureInfo.InvariantCulture, $"killed by signal {signal}"),
        _ => "exited (status unknown: adopted process)",
    };

    private static readonly ContainerConfig FallbackContainer = ContainerConfigLoader.Parse("(adopted)", "executable: /bin/true");
}

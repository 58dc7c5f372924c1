using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Reconciliation;
using Verwalter.Rendering.Logs;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;
using Verwalter.Storage;

namespace Verwalter.Rendering;

/// <summary>
/// The render loop, keyed by role. Its watch source turns each new schedule, config change or
/// force request into a plan (a deployment) and queues the roles whose desired fingerprint
/// (variables without per-apply fields, plus the template folder's content) differs from what
/// was last attempted, and the roles that disappeared. A role's reconcile applies it within the
/// plan's deployment; one role failing never stops the others, and a failed role is tried again
/// only when its inputs change or on a forced render.
/// </summary>
internal sealed partial class RenderController(
    IOptions<RenderOptions> options,
    IOptions<ConfigOptions> config,
    NodeIdentity node,
    SnapshotPublisher<ScheduleState> schedules,
    SnapshotPublisher<ConfigSnapshot> configs,
    SnapshotPublisher<RenderState> state,
    DeploymentLogWriter logs,
    RenderMetrics metrics,
    IRandomSource random,
    IRunWatchdog watchdog,
    TimeProvider time,
    ILogger<RenderController> logger,
    StorageFaults? faults = null,
    Query.QueryResponder? query = null) : IReconciler<string>, IWatchSource<string>, IDisposable
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>First wait before planning again when the deployment log could not be started; doubles up to <see cref="LogRetryCap"/>.</summary>
    internal static readonly TimeSpan LogRetryBase = TimeSpan.FromSeconds(1);

    internal static readonly TimeSpan LogRetryCap = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, string> _attempted = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _force = new(0);
    private RenderPlan? _plan;
    private string? _lastHash;
    private long _forceGeneration;
    private long _plannedForce;
    private TimeSpan? _logRetry;

    /// <summary>Re-applies every role with a new deployment id (<c>/v1/force_render_all</c>).</summary>
    public void ForceRenderAll()
    {
        Interlocked.Increment(ref _forceGeneration);
        _force.Release();
    }

    public async Task WatchAsync(IQueueWriter<string> queue, CancellationToken cancellationToken)
    {
        long scheduleSeen = 0, configSeen = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            Plan(queue);
            using var any = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var schedule = schedules.WaitForNewerAsync(scheduleSeen, any.Token);
            var cfg = configs.WaitForNewerAsync(configSeen, any.Token);
            var force = _force.WaitAsync(any.Token);
            var retry = Task.Delay(_logRetry ?? Timeout.InfiniteTimeSpan, time, any.Token);
            await Task.WhenAny(schedule, cfg, force, retry).ConfigureAwait(false);
            await any.CancelAsync().ConfigureAwait(false);
            scheduleSeen = schedule.IsCompletedSuccessfully ? schedule.Result.Version : scheduleSeen;
            configSeen = cfg.IsCompletedSuccessfully ? cfg.Result.Version : configSeen;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>Builds a deployment when a role must be (re-)applied or removed, and queues those roles.</summary>
    internal void Plan(IQueueWriter<string> queue)
    {
        var current = schedules.Current?.Value.Current;
        var snapshot = configs.Current?.Value;
        if (current is null || snapshot is null)
        {
            return;
        }

        var data = JsonNode.Parse(current.Data) as JsonObject ?? [];
        var force = Interlocked.Read(ref _forceGeneration);
        string? drawnId = null;
        RolePlan roles;
        try
        {
            // query.wasm's render_roles, when the tree has one, replaces the built-in merge.
            roles = query?.RenderRoles(current, force, () => drawnId = NewDeploymentId()) ?? RoleVariables.Compute(data, node.Hostname);
        }
        catch (SchedulerException ex)
        {
            LogQueryFailed(ex, current.Hash);
            return;
        }

        var fingerprints = roles.ToRender.ToImmutableSortedDictionary(
            p => p.Key, p => Fingerprint(p.Value, force), StringComparer.Ordinal);
        List<string> changed, removed;
        lock (_lock)
        {
            changed = [.. fingerprints.Where(f => !_attempted.TryGetValue(f.Key, out var a) || a != f.Value).Select(f => f.Key)];
            removed = [.. _attempted.Keys.Where(r => !fingerprints.ContainsKey(r)).Order(StringComparer.Ordinal)];
        }

        var hashChanged = current.Hash != _lastHash;
        if (changed.Count == 0 && removed.Count == 0 && force == _plannedForce && !hashChanged)
        {
            _lastHash = current.Hash;
            PublishRoles(roles.AllRoles);
            return;
        }

        var deploymentId = drawnId ?? NewDeploymentId();
        var changes = data["changes"] is JsonArray list ? list.Select(c => c?.ToString() ?? "").ToList() : [];
        var debug = schedules.Current?.Value.LastRun?.Log;
        DeploymentLog log;
        try
        {
            log = logs.Begin(deploymentId, current.Hash, changes, debug, hashChanged);
            _logRetry = null;
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            // No deployment without its log: every role to apply is failed, naming the file, and planned again after a backoff.
            _logRetry = _logRetry is { } last ? TimeSpan.FromTicks(Math.Min(last.Ticks * 2, LogRetryCap.Ticks)) : LogRetryBase;
            var message = LogFault(ex);
            var at = time.GetUtcNow();
            Update(s => s with
            {
                AllRoles = roles.AllRoles,
                Roles = s.Roles.SetItems(changed.Select(r => KeyValuePair.Create(r, new RoleOutcome(r, s.Roles.GetValueOrDefault(r)?.DeploymentId ?? deploymentId, at, TimeSpan.Zero, message, RenderFailure.Logging)))),
            });
            LogDeploymentNotStarted(ex, deploymentId, message, _logRetry.Value);
            return;
        }
        if (!roles.NodeListed)
        {
            LogHostNotInSchedule(node.Hostname);
        }

        var plan = new RenderPlan(deploymentId, current.Hash, data, roles.ToRender, fingerprints, [.. changed, .. removed], log);
        RenderPlan? previous;
        lock (_lock)
        {
            previous = _plan;
            _plan = plan;
        }

        previous?.Close();
        _lastHash = current.Hash;
        _plannedForce = force;
        metrics.RecordDeployment();
        PublishRoles(roles.AllRoles, deploymentId);
        LogDeployment(deploymentId, changed.Count, removed.Count);
        foreach (var role in changed.Concat(removed))
        {
            queue.Enqueue(role);
        }

        if (changed.Count == 0 && removed.Count == 0)
        {
            plan.Close();
        }
    }

    public async ValueTask<ReconcileResult> ReconcileAsync(string role, CancellationToken cancellationToken)
    {
        RenderPlan? plan;
        lock (_lock)
        {
            plan = _plan;
            if (plan is null || !plan.TryEnter())
            {
                return ReconcileResult.Done;
            }
        }

        try
        {
            if (!plan.Fingerprints.TryGetValue(role, out var desired))
            {
                Remove(role);
            }
            else if (!IsAttempted(role, desired))
            {
                await ApplyAsync(plan, role, desired, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            plan.Exit();
        }

        plan.Complete(role);
        return ReconcileResult.Done;
    }

    private async Task ApplyAsync(RenderPlan plan, string role, string desired, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var vars = (JsonObject)plan.RoleVars[role].DeepClone();
        vars["deployment_id"] = plan.DeploymentId;
        vars["timestamp"] = time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        vars["verwalter_version"] = VerwalterVersion.Current;
        vars["full_schedule"] = plan.Schedule.DeepClone();
        string? error = null;
        RenderFailure? failure = null;
        LogWriteException? logFault = null;
        try
        {
            using (watchdog.Arm(options.Value.ApplyWatchdog, $"apply of role {role}"))
            using (var roleLog = plan.Log.OpenRole(role))
            {
                try
                {
                    var snapshot = configs.Current!.Value;
                    var folder = RoleApplier.TemplateFolder(config.Value.ConfigDir, vars);
                    await RoleApplier.ApplyAsync(folder, vars, roleLog, snapshot.Sandbox.LogDirs, options.Value, cancellationToken).ConfigureAwait(false);
                    roleLog.WriteLine("Rendered successfully");
                }
                catch (RenderException ex) when (FindLogFault(ex) is null)
                {
                    (error, failure) = (ex.Message, ex.Failure);
                    roleLog.WriteLine("ERROR: " + ex.Message);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && FindLogFault(ex) is null)
                {
                    (error, failure) = (ex.Message, RenderFailure.Commands);
                    roleLog.WriteLine("ERROR: " + ex.Message);
                }
            }
        }
        catch (Exception ex) when (FindLogFault(ex) is { } fault)
        {
            (error, failure, logFault) = (LogFault(fault), RenderFailure.Logging, fault);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The daemon is stopping mid-apply: the deployment ends with DeploymentError (cancelled)
            // in the index and logs; the role is not recorded as attempted, so a restart applies it again.
            LogApplyCancelled(role, plan.DeploymentId);
            plan.Log.Fail($"cancelled: the daemon is stopping while role {role} was being applied");
            throw;
        }

        var elapsed = time.GetElapsedTime(started);
        if (logFault is null)
        {
            lock (_lock)
            {
                _attempted[role] = desired;
            }

            faults?.ClearArea("log");
        }

        metrics.RecordApply(role, failure?.ToString().ToLowerInvariant() ?? "success", elapsed);
        var outcome = new RoleOutcome(role, plan.DeploymentId, time.GetUtcNow(), elapsed, error, failure);
        Update(s => s with { Roles = s.Roles.SetItem(role, outcome) });
        if (error is null)
        {
            LogApplied(role, plan.DeploymentId, elapsed.TotalMilliseconds);
        }
        else
        {
            LogRoleFailed(role, plan.DeploymentId, error);
        }

        if (logFault is not null)
        {
            // Not attempted: the host retries the role with backoff until its log can be written.
            throw new IOException(error, logFault);
        }
    }

    private static LogWriteException? FindLogFault(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is LogWriteException log)
            {
                return log;
            }
        }

        return null;
    }

    /// <summary>Reports a log write failure in the storage faults and returns the role error naming the file.</summary>
    private string LogFault(Exception ex)
    {
        var path = ex is LogWriteException log ? log.Path : logs.LogDir ?? "";
        faults?.Report("log", path, ex is LogWriteException w ? w.Error : StorageErrors.Name(ex), ex.Message);
        return ex is LogWriteException ? ex.Message : $"cannot write log {path}: {StorageErrors.Name(ex)}: {ex.Message}";
    }

    private void Remove(string role)
    {
        lock (_lock)
        {
            _attempted.Remove(role);
        }

        Update(s => s with { Roles = s.Roles.Remove(role) });
        LogRoleRemoved(role);
    }

    private bool IsAttempted(string role, string desired)
    {
        lock (_lock)
        {
            return _attempted.TryGetValue(role, out var attempted) && attempted == desired;
        }
    }

    private void PublishRoles(ImmutableArray<string> allRoles, string? deploymentId = null) =>
        Update(s => s with
        {
            AllRoles = allRoles,
            LastDeploymentId = deploymentId ?? s.LastDeploymentId,
            LastDeploymentAt = deploymentId is null ? s.LastDeploymentAt : time.GetUtcNow(),
        });

    private void Update(Func<RenderState, RenderState> change)
    {
        lock (_lock)
        {
            var next = change(state.Current?.Value ?? RenderState.Empty);
            if (next != state.Current?.Value)
            {
                state.Publish(next);
                metrics.SetFailing(next.FailedRoles.Length);
            }
        }
    }

    /// <summary>What decides a re-apply: the variables (without per-apply fields), the template folder's content and the force generation.</summary>
    private string Fingerprint(JsonObject vars, long force)
    {
        var text = new StringBuilder(vars.ToJsonString()).Append('\n').Append(force);
        try
        {
            var folder = RoleApplier.TemplateFolder(config.Value.ConfigDir, vars);
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                text.Append('\n').Append(file).Append(':').Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))));
            }
        }
        catch (Exception ex) when (ex is RenderException or IOException or UnauthorizedAccessException)
        {
            text.Append("\nunreadable: ").Append(ex.Message);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private string NewDeploymentId()
    {
        Span<char> id = stackalloc char[24];
        for (var i = 0; i < id.Length; i++)
        {
            id[i] = Alphabet[(int)(random.NextDouble() * Alphabet.Length) % Alphabet.Length];
        }

        return new string(id);
    }

    public void Dispose() => _force.Dispose();

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Deployment {DeploymentId}: {Changed} role(s) to apply, {Removed} removed")]
    private partial void LogDeployment(string deploymentId, int changed, int removed);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Role {Role} applied in deployment {DeploymentId} ({ElapsedMs:F0} ms)")]
    private partial void LogApplied(string role, string deploymentId, double elapsedMs);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Role {Role} failed in deployment {DeploymentId}: {Error}")]
    private partial void LogRoleFailed(string role, string deploymentId, string error);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Role {Role} is no longer scheduled on this node")]
    private partial void LogRoleRemoved(string role);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Role {Role} apply cancelled in deployment {DeploymentId}: the daemon is stopping; it is applied again after the restart")]
    private partial void LogApplyCancelled(string role, string deploymentId);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Error, Message = "Deployment {DeploymentId} not started: {Error}; planning again in {RetryIn}")]
    private partial void LogDeploymentNotStarted(Exception exception, string deploymentId, string error, TimeSpan retryIn);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "This host ({Hostname}) is not in the schedule's nodes; nothing to render")]
    private partial void LogHostNotInSchedule(string hostname);

    [LoggerMessage(EventId = 1462, Level = LogLevel.Error, Message = "query.wasm failed for schedule {Hash}; keeping the last rendered roles")]
    private partial void LogQueryFailed(Exception exception, string hash);
}

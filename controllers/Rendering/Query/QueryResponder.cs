using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Verwalter.Configuration;
using Verwalter.Model;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Wasm;

namespace Verwalter.Rendering.Query;

/// <summary>
/// Owns this node's <c>query.wasm</c> instance. As in the original, the module file is read
/// again and <c>init</c> called whenever a schedule with a new hash is to be rendered; the role
/// plan from <c>render_roles</c> is kept until the schedule or the force generation changes, so
/// a module that puts the deployment id into the variables does not re-render on every wake-up.
/// Without the file the built-in merge (<see cref="RoleVariables"/>) is used and
/// <c>/v1/query</c> answers 404. Calls are serialised.
/// </summary>
internal sealed partial class QueryResponder(
    IOptions<ConfigOptions> config,
    IOptions<SchedulingOptions> scheduling,
    NodeIdentity node,
    ILogger<QueryResponder> logger) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _path = Path.Combine(config.Value.ConfigDir, "scheduler", "v1", QueryModule.FileName);
    private QueryModule? _module;
    private Schedule? _initialized;
    private Schedule? _previous;
    private (string Hash, long Force, RolePlan Plan)? _plan;

    /// <summary>Whether <c>scheduler/v1/query.wasm</c> exists now.</summary>
    public bool Present => File.Exists(_path);

    /// <summary>
    /// The roles to render from <c>render_roles</c>, or null when there is no <c>query.wasm</c>
    /// (the caller then merges itself).
    /// </summary>
    /// <exception cref="SchedulerException">Load, <c>init</c> or <c>render_roles</c> failed; the caller keeps its last plan.</exception>
    public RolePlan? RenderRoles(Schedule current, long forceGeneration, Func<string> deploymentId)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(deploymentId);
        lock (_lock)
        {
            if (!Present)
            {
                Drop();
                return null;
            }

            if (_plan is { } cached && cached.Hash == current.Hash && cached.Force == forceGeneration && _module is not null)
            {
                return cached.Plan;
            }

            var module = Ready(current);
            var plan = module.RenderRoles(deploymentId(), _previous);
            _plan = (current.Hash, forceGeneration, plan);
            LogRendered(plan.ToRender.Count, current.Hash);
            return plan;
        }
    }

    /// <summary>Answers <c>POST /v1/query</c> through the module initialised with <paramref name="current"/>.</summary>
    /// <returns>Null when there is no <c>query.wasm</c>.</returns>
    /// <exception cref="SchedulerException">The module failed to load, initialise or answer.</exception>
    public QueryAnswer? Query(Schedule current, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (_lock)
        {
            if (!Present)
            {
                Drop();
                return null;
            }

            return Ready(current).Query(body);
        }
    }

    private QueryModule Ready(Schedule current)
    {
        if (_module is not null && _initialized?.Hash == current.Hash)
        {
            return _module;
        }

        var bytes = File.ReadAllBytes(_path);
        var module = QueryModule.Load(QueryModule.RelativePath, bytes, WasmLimits.From(scheduling.Value.ToLimits()));
        try
        {
            module.Init(current, node.Hostname);
        }
        catch
        {
            module.Dispose();
            throw;
        }

        _module?.Dispose();
        _module = module;
        _previous = _initialized;
        _initialized = current;
        _plan = null;
        LogInitialized(current.Hash);
        return module;
    }

    private void Drop()
    {
        _module?.Dispose();
        _module = null;
        _initialized = null;
        _plan = null;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            Drop();
        }
    }

    [LoggerMessage(EventId = 1460, Level = LogLevel.Information, Message = "query.wasm initialised with schedule {Hash}")]
    private partial void LogInitialized(string hash);

    [LoggerMessage(EventId = 1461, Level = LogLevel.Debug, Message = "query.wasm render_roles gave {Count} roles for schedule {Hash}")]
    private partial void LogRendered(int count, string hash);
}

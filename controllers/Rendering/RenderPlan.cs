using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Verwalter.Rendering.Logs;

namespace Verwalter.Rendering;

/// <summary>
/// One deployment: the schedule it applies, every role this node renders with its variables and
/// desired fingerprint, and the roles still to reconcile before the deployment is finished.
/// </summary>
internal sealed class RenderPlan(
    string deploymentId,
    string scheduleHash,
    JsonObject schedule,
    ImmutableSortedDictionary<string, JsonObject> roleVars,
    ImmutableSortedDictionary<string, string> fingerprints,
    IEnumerable<string> pending,
    DeploymentLog log)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _pending = new(pending, StringComparer.Ordinal);

    public string DeploymentId { get; } = deploymentId;

    public string ScheduleHash { get; } = scheduleHash;

    public JsonObject Schedule { get; } = schedule;

    public ImmutableSortedDictionary<string, JsonObject> RoleVars { get; } = roleVars;

    public ImmutableSortedDictionary<string, string> Fingerprints { get; } = fingerprints;

    public DeploymentLog Log { get; } = log;

    public IReadOnlyCollection<string> Pending
    {
        get
        {
            lock (_lock)
            {
                return [.. _pending];
            }
        }
    }

    /// <summary>Marks a role reconciled; true when it was the last one (the deployment is finished).</summary>
    public bool Complete(string role)
    {
        lock (_lock)
        {
            return _pending.Remove(role) && _pending.Count == 0;
        }
    }
}

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
    private int _active;
    private bool _closing;
    private bool _finished;

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

    /// <summary>A role's apply starts under this deployment; false once the deployment is finished.</summary>
    public bool TryEnter()
    {
        lock (_lock)
        {
            if (_finished)
            {
                return false;
            }

            _active++;
            return true;
        }
    }

    /// <summary>A role's apply ended; finishes the deployment if it was closed meanwhile.</summary>
    public void Exit()
    {
        lock (_lock)
        {
            _active--;
        }

        FinishIfDone();
    }

    /// <summary>Marks a role reconciled; the deployment finishes after its last role.</summary>
    public void Complete(string role)
    {
        bool last;
        lock (_lock)
        {
            last = _pending.Remove(role) && _pending.Count == 0;
        }

        if (last)
        {
            Close();
        }
    }

    /// <summary>
    /// No more roles join this deployment (it is done, or a newer plan replaced it). The log is
    /// finished once no apply is running under it, so an apply never writes to a finished log.
    /// </summary>
    public void Close()
    {
        lock (_lock)
        {
            _closing = true;
        }

        FinishIfDone();
    }

    private void FinishIfDone()
    {
        lock (_lock)
        {
            if (!_closing || _active > 0 || _finished)
            {
                return;
            }

            _finished = true;
        }

        Log.Finish();
    }
}

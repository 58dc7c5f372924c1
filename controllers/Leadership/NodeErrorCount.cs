using Verwalter.Configuration;
using Verwalter.Reconciliation;
using Verwalter.Rendering;
using Verwalter.Scheduling;

namespace Verwalter.Leadership;

/// <summary>
/// What a Pong reports as <c>errors</c> (spec §3.5): the number of current error domains
/// (runtime, scheduler_load, sandbox, scheduler) plus the number of failed roles.
/// </summary>
internal sealed class NodeErrorCount(
    SnapshotPublisher<ConfigSnapshot> config,
    SnapshotPublisher<ScheduleState> schedule,
    SnapshotPublisher<RenderState> render)
{
    public int Current
    {
        get
        {
            var count = 0;
            if (config.Current?.Value is { } snapshot)
            {
                count += (snapshot.RuntimeProblems.IsEmpty ? 0 : 1) + (snapshot.SchedulerProblems.IsEmpty ? 0 : 1) + (snapshot.SandboxProblems.IsEmpty ? 0 : 1);
            }

            if (schedule.Current?.Value.LastRun?.Error is not null)
            {
                count++;
            }

            return count + (render.Current?.Value.FailedRoles.Length ?? 0);
        }
    }
}

using System.Text.Json;
using Verwalter.Api.Contracts;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Api.Endpoints;

/// <summary>
/// The supervisor part of <c>/v1/status</c>: from the embedded supervisor's controller when the
/// daemon hosts it, otherwise from the status file a separate <c>verwalter supervisor</c> writes
/// in its runtime dir (null when there is neither).
/// </summary>
internal sealed class SupervisorStatusSource(string masterPath, SupervisorController? embedded)
{
    public SupervisorSummary? Read()
    {
        if (embedded is not null)
        {
            return Summary("embedded", embedded.Status(Environment.ProcessId, masterPath), running: true);
        }

        try
        {
            if (!File.Exists(masterPath))
            {
                return null;
            }

            var master = MasterConfigLoader.Load(masterPath);
            var path = SupervisorService.StatusPath(master);
            if (!File.Exists(path) || JsonSerializer.Deserialize(File.ReadAllBytes(path), SupervisorJsonContext.Default.SupervisorStatus) is not { } status)
            {
                return new SupervisorSummary("separate", null, false, null, [$"no status file at {path}"], new Dictionary<string, IReadOnlyList<InstanceStatus>>());
            }

            return Summary("separate", status, PidFile.LiveSupervisor(master) == status.SupervisorPid);
        }
        catch (Exception e) when (e is LithosConfigException or IOException or UnauthorizedAccessException or JsonException)
        {
            return new SupervisorSummary("separate", null, false, null, [e.Message], new Dictionary<string, IReadOnlyList<InstanceStatus>>());
        }
    }

    private static SupervisorSummary Summary(string mode, SupervisorStatus status, bool running) => new(
        mode,
        status.SupervisorPid,
        running,
        status.Cgroups,
        status.Problems,
        status.Instances.GroupBy(i => i.Sandbox, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<InstanceStatus>)[.. g], StringComparer.Ordinal));
}

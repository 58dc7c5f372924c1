using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// <c>master.yaml</c>: where the other files live and where the supervisor keeps its runtime
/// state. Relative directories are already resolved against the master file's folder (sandboxes,
/// processes) or the runtime dir (state, mount).
/// </summary>
internal sealed record MasterConfig(
    string Path,
    string SandboxesDir,
    string ProcessesDir,
    string RuntimeDir,
    string StateDir,
    string MountDir,
    string DevfsDir,
    string? CgroupName,
    ImmutableArray<string> CgroupControllers,
    string DefaultLogDir,
    string LogFile,
    string LogLevel,
    string? SyslogFacility,
    string SyslogAppName,
    string? ConfigLogDir,
    string? StdioLogDir);

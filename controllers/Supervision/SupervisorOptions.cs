namespace Verwalter.Supervision;

/// <summary>
/// <c>Verwalter:Supervisor</c>: where the lithos files are and the crash-loop backoff. The
/// per-process restart-timeout, kill-timeout and normal-exit-codes come from the container configs.
/// The ranges are checked by <see cref="SupervisorOptionsValidator"/> (no reflection: the supervisor
/// is also compiled ahead of time).
/// </summary>
public sealed class SupervisorOptions
{
    public const string DefaultMasterPath = MasterConfigLoader.DefaultPath;

    /// <summary>The lithos <c>master.yaml</c>.</summary>
    public string MasterPath { get; set; } = DefaultMasterPath;

    /// <summary>The wait after the second crash in a row; it doubles per crash up to <see cref="BackoffCap"/>.</summary>
    public TimeSpan BackoffBase { get; set; } = RestartPolicy.DefaultBackoffBase;

    /// <summary>The longest wait between starts of a crash-looping process (a failing process is retried at least this often, forever).</summary>
    public TimeSpan BackoffCap { get; set; } = RestartPolicy.DefaultBackoffCap;

    /// <summary>A run at least this long ends a crash loop (the backoff starts over).</summary>
    public TimeSpan StableRun { get; set; } = RestartPolicy.DefaultStableRun;

    /// <summary>How often the status file is rewritten at most while things change.</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Where the cgroup file system is mounted: a unified (v2) root, or the folder holding the v1
    /// hierarchies (<c>memory</c>, <c>cpu</c>, <c>systemd</c>, …). Only for hosts that mount it
    /// elsewhere, and for tests.
    /// </summary>
    public string CgroupRoot { get; set; } = Runtime.CgroupSupport.DefaultRoot;

    internal RestartPolicy PolicyFor(ContainerConfig container) => RestartPolicy.For(container) with
    {
        BackoffBase = BackoffBase,
        BackoffCap = BackoffCap,
        StableRun = StableRun,
    };
}

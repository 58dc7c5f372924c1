namespace Verwalter;

/// <summary>Process exit codes, documented in docs/operations/exit-codes.md.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A command's work failed (scheduler error, check found problems).</summary>
    public const int Failure = 1;
    /// <summary>Bad command line.</summary>
    public const int Usage = 2;
    /// <summary>Bad configuration at start (options validation, unreadable dirs, bad machine id).</summary>
    public const int Config = 3;
    /// <summary>A scheduler run stuck in a native call outlived its deadline plus the watchdog grace.</summary>
    public const int SchedulerWatchdog = 91;
}

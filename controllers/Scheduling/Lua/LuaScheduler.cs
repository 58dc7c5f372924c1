namespace Verwalter.Scheduling.Lua;

/// <summary>
/// A loaded Lua scheduler: a sandboxed Lua 5.4 state with main.lua run once, called once per
/// schedule round with the scheduler input. After any run aborted inside the VM (error, timeout,
/// memory) the state is discarded and rebuilt from the source before the next run, so a failed
/// run never leaves half-updated globals behind. Not thread-safe: one schedule loop owns it.
/// </summary>
internal sealed class LuaScheduler : ISchedulerEngine
{
    /// <summary>The engine name in status and logs.</summary>
    public const string Engine = "lua";

    private readonly SchedulerSource _source;
    private readonly SchedulerLimits _limits;
    private readonly IRunWatchdog _watchdog;
    private LuaSandbox? _sandbox;
    private bool _disposed;

    public string EngineName => Engine;

    private LuaScheduler(SchedulerSource source, SchedulerLimits limits, IRunWatchdog watchdog)
    {
        _source = source;
        _limits = limits;
        _watchdog = watchdog;
    }

    /// <summary>Builds the sandbox and runs main.lua, which must return a table with a function <c>scheduler</c>.</summary>
    /// <param name="watchdog">Armed around loads and runs; defaults to <see cref="ProcessExitWatchdog.Shared"/>.</param>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>, naming file and line.</exception>
    public static LuaScheduler Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog? watchdog = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(limits);
        var scheduler = new LuaScheduler(source, limits, watchdog ?? ProcessExitWatchdog.Shared);
        scheduler._sandbox = scheduler.Build("scheduler load");
        return scheduler;
    }

    /// <summary>Runs <c>_VERWALTER_MAIN.scheduler(input)</c>.</summary>
    /// <param name="inputJson">The scheduler input as a UTF-8 JSON object.</param>
    /// <returns>The schedule JSON exactly as produced, and the log (printed lines first, then the returned log).</returns>
    /// <exception cref="SchedulerException">The run failed; <see cref="SchedulerException.Log"/> holds what was printed.</exception>
    public SchedulerOutput Run(ReadOnlySpan<byte> inputJson)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var sandbox = _sandbox ??= Build("scheduler reload");
        using (_watchdog.Arm(_limits.Deadline + _limits.WatchdogGrace, "scheduler run"))
        {
            try
            {
                sandbox.BeginRun(inputJson);
                return LuaResultReader.Read(sandbox.State, 2, 3, sandbox.DrainLog());
            }
            finally
            {
                if (sandbox.Broken)
                {
                    sandbox.Dispose();
                    _sandbox = null;
                }
                else
                {
                    sandbox.EndRun();
                }
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _sandbox?.Dispose();
        _sandbox = null;
    }

    private LuaSandbox Build(string what)
    {
        using (_watchdog.Arm(_limits.Deadline + _limits.WatchdogGrace, what))
        {
            return LuaSandbox.Load(_source, _limits);
        }
    }
}

using Verwalter.Reconciliation;

namespace Verwalter.Supervision;

/// <summary>
/// Pure restart decisions for one instance (house rule 4), after lithos's <c>restart_min</c> and
/// Nomad's restart tracker. Every start sets the earliest next start to start + restart-timeout,
/// so a process is never started faster than that. On exit:
/// <list type="bullet">
/// <item>a normal exit, or a run of at least the stable-run length, ends any crash loop: the
/// next start is as soon as restart-timeout allows (lithos's fixed-rate rule);</item>
/// <item>a failure after a short run is one more crash in a row; from the second one on the
/// next start also waits <c>base · 2^(n−2)</c>, capped, minus up to <c>jitter</c> of it.</item>
/// </list>
/// There is no terminal state; the shell always starts the instance again at
/// <see cref="RestartState.NextStart"/>.
/// </summary>
internal sealed class RestartTracker(RestartPolicy policy, IRandomSource random)
{
    public RestartPolicy Policy { get; } = policy;

    public static RestartState Initial(DateTimeOffset now) =>
        new(RestartStatus.NeverStarted, null, now, 0, TimeSpan.Zero, 0, 0, 0);

    public RestartState Started(RestartState state, DateTimeOffset now) => state with
    {
        Status = RestartStatus.Running,
        LastStart = now,
        NextStart = now + Policy.RestartTimeout,
        Starts = state.Starts + 1,
    };

    /// <summary>A child found running at supervisor start; its real start time is unknown, so the supervisor's start counts.</summary>
    public RestartState Adopted(RestartState state, DateTimeOffset supervisorStart) => state with
    {
        Status = RestartStatus.Running,
        LastStart = supervisorStart,
        NextStart = supervisorStart + Policy.RestartTimeout,
    };

    public RestartState Exited(RestartState state, ProcessExit exit)
    {
        var lastStart = state.LastStart ?? exit.At;
        var stableRun = Policy.StableRun > Policy.RestartTimeout ? Policy.StableRun : Policy.RestartTimeout;
        var failed = !Policy.IsNormal(exit);
        var crashes = !failed ? 0 : exit.At - lastStart >= stableRun ? 1 : state.ConsecutiveFailures + 1;
        var backoff = crashes < 2 ? TimeSpan.Zero : Jittered(BackoffFor(crashes));
        var rateLimit = lastStart + Policy.RestartTimeout;
        var afterBackoff = exit.At + backoff;
        return state with
        {
            Status = RestartStatus.Waiting,
            NextStart = afterBackoff > rateLimit ? afterBackoff : rateLimit,
            ConsecutiveFailures = crashes,
            Backoff = backoff,
            Deaths = state.Deaths + 1,
            Failures = state.Failures + (failed ? 1 : 0),
        };
    }

    /// <summary>The un-jittered delay after <paramref name="crashes"/> crashes in a row (at least 2).</summary>
    public TimeSpan BackoffFor(int crashes)
    {
        var exponent = Math.Min(crashes - 2, 62);
        var ticks = Policy.BackoffBase.Ticks * Math.Pow(2, exponent);
        return ticks >= Policy.BackoffCap.Ticks ? Policy.BackoffCap : TimeSpan.FromTicks((long)ticks);
    }

    private TimeSpan Jittered(TimeSpan delay) =>
        TimeSpan.FromTicks((long)(delay.Ticks * (1 - (Policy.Jitter * random.NextDouble()))));
}

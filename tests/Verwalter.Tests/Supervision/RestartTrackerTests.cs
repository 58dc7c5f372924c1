using Verwalter.Supervision;
using Verwalter.Tests.Reconciliation;

namespace Verwalter.Tests.Supervision;

public sealed class RestartTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FixedRandomSource _random = new(0);

    [Fact]
    public void Exited_QuickCrash_NoRestartBeforeRestartTimeout()
    {
        var tracker = Tracker(restartTimeout: 10);
        var state = tracker.Started(RestartTracker.Initial(T0), T0);

        state = tracker.Exited(state, ProcessExit.Code(T0.AddSeconds(2), 1));

        Assert.Equal(RestartStatus.Waiting, state.Status);
        Assert.False(state.CanStart(T0.AddSeconds(9.999)));
        Assert.True(state.CanStart(T0.AddSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(8), state.DelayUntilStart(T0.AddSeconds(2)));
    }

    [Fact]
    public void Exited_AfterLongRun_RestartsImmediately()
    {
        var tracker = Tracker(restartTimeout: 10);
        var state = tracker.Started(RestartTracker.Initial(T0), T0);

        state = tracker.Exited(state, ProcessExit.Code(T0.AddMinutes(5), 1));

        Assert.True(state.CanStart(T0.AddMinutes(5)));
        Assert.Equal(1, state.ConsecutiveFailures);
    }

    [Fact]
    public void Exited_CrashLoop_BacksOffExponentiallyUpToTheCap()
    {
        var tracker = Tracker(restartTimeout: 1);
        var state = RestartTracker.Initial(T0);
        var now = T0;
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 14; i++)
        {
            state = tracker.Started(state, now);
            now = now.AddMilliseconds(100);
            state = tracker.Exited(state, ProcessExit.Code(now, 1));
            delays.Add(state.NextStart - now);
            now = state.NextStart;
        }

        Assert.Equal(TimeSpan.FromSeconds(0.9), delays[0]);
        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300, 300], delays.Skip(1).Select(d => d.TotalSeconds));
        Assert.Equal(RestartStatus.Waiting, state.Status);
        Assert.Equal(14, state.Failures);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(0.999)]
    public void Exited_CrashLoop_JitterStaysWithinBounds(double random)
    {
        _random.Value = random;
        var tracker = Tracker(restartTimeout: 0);
        var state = RestartTracker.Initial(T0);
        var now = T0;
        for (var crashes = 1; crashes <= 12; crashes++)
        {
            state = tracker.Exited(tracker.Started(state, now), ProcessExit.Code(now, 1));
            var full = crashes < 2 ? TimeSpan.Zero : tracker.BackoffFor(crashes);

            Assert.InRange(state.Backoff, full * (1 - RestartPolicy.DefaultJitter), full);
            Assert.True(state.Backoff <= RestartPolicy.DefaultBackoffCap);
            now = state.NextStart;
        }
    }

    [Fact]
    public void Exited_AfterStableRun_ResetsTheBackoff()
    {
        var tracker = Tracker(restartTimeout: 1);
        var state = RestartTracker.Initial(T0);
        var now = T0;
        for (var i = 0; i < 6; i++)
        {
            state = tracker.Exited(tracker.Started(state, now), ProcessExit.Code(now.AddMilliseconds(10), 1));
            now = state.NextStart;
        }

        Assert.Equal(6, state.ConsecutiveFailures);
        state = tracker.Started(state, now);
        var exit = now + RestartPolicy.DefaultStableRun;
        state = tracker.Exited(state, ProcessExit.Code(exit, 1));

        Assert.Equal(1, state.ConsecutiveFailures);
        Assert.Equal(TimeSpan.Zero, state.Backoff);
        Assert.True(state.CanStart(exit));
    }

    [Fact]
    public void Exited_NormalExitCode_IsNotAFailureAndDoesNotBackOff()
    {
        var tracker = Tracker(restartTimeout: 1, normalExitCodes: [3]);
        var state = RestartTracker.Initial(T0);
        for (var i = 0; i < 5; i++)
        {
            var start = T0.AddSeconds(i);
            state = tracker.Exited(tracker.Started(state, start), ProcessExit.Code(start.AddMilliseconds(10), 3));
        }

        Assert.Equal(0, state.Failures);
        Assert.Equal(5, state.Deaths);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(T0.AddSeconds(5), state.NextStart);
    }

    [Theory]
    [InlineData("Daemon", 0, null, true)]
    [InlineData("Command", 0, null, false)]
    [InlineData("Daemon", 1, null, true)]
    [InlineData("Daemon", null, 15, false)]
    [InlineData("Daemon", null, 9, true)]
    public void Exited_WithoutNormalExitCodes_FollowsLithosFailureRule(string kind, int? code, int? signal, bool failure)
    {
        var tracker = new RestartTracker(Policy(1, []) with { Kind = Enum.Parse<ProcessKind>(kind) }, _random);

        var state = tracker.Exited(tracker.Started(RestartTracker.Initial(T0), T0), new ProcessExit(T0.AddSeconds(1), code, signal));

        Assert.Equal(failure ? 1 : 0, state.Failures);
    }

    [Fact]
    public void Adopted_UnknownStartTime_WaitsRestartTimeoutFromSupervisorStart()
    {
        var tracker = Tracker(restartTimeout: 30);
        var state = tracker.Adopted(RestartTracker.Initial(T0), T0);

        state = tracker.Exited(state, ProcessExit.Code(T0.AddSeconds(1), 1));

        Assert.Equal(T0.AddSeconds(30), state.NextStart);
        Assert.Equal(0, state.Starts);
    }

    [Fact]
    public void Started_WhileRunning_CannotStartAgain()
    {
        var state = Tracker(restartTimeout: 0).Started(RestartTracker.Initial(T0), T0);

        Assert.False(state.CanStart(T0.AddHours(1)));
        Assert.True(RestartTracker.Initial(T0).CanStart(T0));
    }

    private RestartTracker Tracker(double restartTimeout, int[]? normalExitCodes = null) =>
        new(Policy(restartTimeout, normalExitCodes ?? []), _random);

    private static RestartPolicy Policy(double restartTimeout, int[] normalExitCodes) => new(
        TimeSpan.FromSeconds(restartTimeout), [.. normalExitCodes], ProcessKind.Daemon,
        RestartPolicy.DefaultBackoffBase, RestartPolicy.DefaultBackoffCap, RestartPolicy.DefaultStableRun, RestartPolicy.DefaultJitter);
}

using Verwalter.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class ProcessExitWatchdogTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Arm_NotDisarmedInTime_Expires()
    {
        var expired = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watchdog = new ProcessExitWatchdog(what => expired.TrySetResult(what));

        using var registration = watchdog.Arm(TimeSpan.FromMilliseconds(20), "scheduler run");

        Assert.Equal("scheduler run", await expired.Task.WaitAsync(TestTimeout));
    }

    [Fact]
    public async Task Arm_Disarmed_DoesNotExpire()
    {
        var expired = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watchdog = new ProcessExitWatchdog(what => expired.TrySetResult(what));

        watchdog.Arm(TimeSpan.FromMilliseconds(200), "disarmed").Dispose();
        using var later = watchdog.Arm(TimeSpan.FromMilliseconds(400), "later");

        Assert.Equal("later", await expired.Task.WaitAsync(TestTimeout));
    }
}

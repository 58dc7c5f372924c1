using System.Diagnostics;
using Verwalter.Scheduling;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaLimitsTests
{
    private static readonly SchedulerLimits Short = new() { Deadline = TimeSpan.FromMilliseconds(200) };

    [Fact]
    public void Run_InfiniteLoop_TimeoutNearDeadline()
    {
        using var scheduler = LuaTestSources.LoadBody("while true do end", Short);
        var started = Stopwatch.GetTimestamp();

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Timeout, error.Kind);
        Assert.Contains("deadline of 200 ms", error.Message, StringComparison.Ordinal);
        Assert.InRange(Stopwatch.GetElapsedTime(started), TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(3));
    }

    [Theory]
    [InlineData("while true do pcall(function() while true do end end) end")]
    [InlineData("table.sort({3, 2, 1}, function(a, b) while true do end end)")]
    [InlineData("string.gsub('abc', '.', function() while true do end end)")]
    [InlineData("xpcall(function() while true do end end, function() while true do end end)")]
    [InlineData("xpcall(function() error('x') end, function() while true do end end)")]
    [InlineData("error(setmetatable({}, { __tostring = function() while true do end end }))")]
    [InlineData("local t = setmetatable({}, { __tostring = function() while true do end end }) while true do local x = t end")]
    public void Run_LoopInsideProtectedOrNativeCall_Timeout(string body)
    {
        using var scheduler = LuaTestSources.LoadBody(body, Short);

        Assert.Equal(SchedulerErrorKind.Timeout, scheduler.RunFails().Kind);
    }

    [Fact]
    public void Run_InstructionBudgetExceeded_Timeout()
    {
        using var scheduler = LuaTestSources.LoadBody("while true do end", new SchedulerLimits { InstructionBudget = 1_000_000 });

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Timeout, error.Kind);
        Assert.Contains("instruction budget of 1000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AfterTimeout_NextRunSucceeds()
    {
        using var scheduler = LuaTestSources.Load("""
            local runs = 0
            return { scheduler = function(i)
              runs = runs + 1
              if i.spin then while true do end end
              return { runs = runs }
            end }
            """, Short);

        Assert.Equal(SchedulerErrorKind.Timeout, scheduler.RunFails("""{"spin": true}""").Kind);

        Assert.Equal(1, scheduler.Run().Parse().GetProperty("runs").GetInt32());
    }

    [Theory]
    [InlineData("local t = {} for n = 1, 1e9 do t[n] = n end")]
    [InlineData("local s = 'x' while true do s = s .. s end")]
    [InlineData("local t = {} for n = 1, 1e9 do t[n] = tostring(n) .. 'padding-padding' end")]
    [InlineData("local t = {} while true do t[#t + 1] = json.decode('[[],[],[],[],[],[],[],[]]') end")]
    public void Run_UnboundedAllocation_Memory(string body)
    {
        using var scheduler = LuaTestSources.LoadBody(body, new SchedulerLimits { MemoryBytes = 16L * 1024 * 1024, Deadline = TimeSpan.FromSeconds(30) });

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Memory, error.Kind);
        Assert.Contains("memory limit of 16777216 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AfterMemoryError_NextRunSucceeds()
    {
        using var scheduler = LuaTestSources.LoadBody(
            "if i.grow then local t = {} for n = 1, 1e9 do t[n] = n end end return '{}'",
            new SchedulerLimits { MemoryBytes = 16L * 1024 * 1024, Deadline = TimeSpan.FromSeconds(30) });

        Assert.Equal(SchedulerErrorKind.Memory, scheduler.RunFails("""{"grow": true}""").Kind);

        Assert.Equal("{}", scheduler.Run().Json());
    }

    [Fact]
    public void Run_UnboundedRecursion_RuntimeStackOverflow()
    {
        using var scheduler = LuaTestSources.Load(
            "local function f(n) return 1 + f(n + 1) end return { scheduler = function(i) return f(1) end }",
            new SchedulerLimits { Deadline = TimeSpan.FromSeconds(30) });

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("recursion too deep (Lua stack overflow)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnboundedRecursionThroughNativeCalls_RuntimeStackOverflow()
    {
        using var scheduler = LuaTestSources.Load(
            "return { scheduler = function(i) local t = setmetatable({}, { __index = function(t, k) return t[k] end }) return t.x end }",
            new SchedulerLimits { Deadline = TimeSpan.FromSeconds(30) });

        var error = scheduler.RunFails();

        Assert.Equal(SchedulerErrorKind.Runtime, error.Kind);
        Assert.Contains("stack overflow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Watchdog_ArmedDuringRunAndDisarmedAfter()
    {
        var watchdog = new FakeRunWatchdog();
        var limits = new SchedulerLimits { Deadline = TimeSpan.FromMilliseconds(300), WatchdogGrace = TimeSpan.FromSeconds(2) };
        using var scheduler = LuaTestSources.Load("return { scheduler = function(i) return '{}' end }", limits, watchdog);

        scheduler.Run();

        Assert.Equal([(TimeSpan.FromMilliseconds(2300), "scheduler load"), (TimeSpan.FromMilliseconds(2300), "scheduler run")], watchdog.Armed);
        Assert.Equal(2, watchdog.Disarmed);
    }

    [Fact]
    public void Run_Failing_WatchdogStillDisarmedAndRebuildArmedSeparately()
    {
        var watchdog = new FakeRunWatchdog();
        using var scheduler = LuaTestSources.Load("return { scheduler = function(i) error('x') end }", Short, watchdog);

        scheduler.RunFails();
        scheduler.RunFails();

        Assert.Equal(["scheduler load", "scheduler run", "scheduler reload", "scheduler run"], watchdog.Armed.Select(a => a.What));
        Assert.False(watchdog.IsArmed);
    }
}

using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.Lua;

public sealed class LuaLoadTests
{
    [Fact]
    public void Load_SyntaxError_LoadNamingFileAndLine()
    {
        var error = Assert.Throws<SchedulerException>(() => LuaTestSources.Load("local a = 1\nlocal b = 2\nreturn {\n  scheduler = function( end\n}"));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("main.lua:4:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RaisesWhileLoading_LoadWithTraceback()
    {
        var error = Assert.Throws<SchedulerException>(() => LuaTestSources.Load("\n\nerror('bad config')"));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("main.lua:3: bad config", error.Message, StringComparison.Ordinal);
        Assert.Contains("stack traceback:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("return 5", "got number")]
    [InlineData("return {}", "got scheduler = nil")]
    [InlineData("return { scheduler = 'x' }", "got scheduler = string")]
    public void Load_NoSchedulerFunction_Load(string main, string expected)
    {
        var error = Assert.Throws<SchedulerException>(() => LuaTestSources.Load(main));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoMainFile_Load()
    {
        var error = Assert.Throws<SchedulerException>(() =>
            LuaScheduler.Load(LuaTestSources.Source(("other.lua", "return {}")), new SchedulerLimits(), new FakeRunWatchdog()));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("main.lua", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InfiniteLoop_LoadAfterDeadline()
    {
        var error = Assert.Throws<SchedulerException>(() =>
            LuaTestSources.Load("while true do end", new SchedulerLimits { Deadline = TimeSpan.FromMilliseconds(100) }));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("deadline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_BinaryMain_Refused()
    {
        var error = Assert.Throws<SchedulerException>(() => LuaTestSources.Load("\u001bLua"));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("binary chunk", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ManyStates_CreatedAndDisposed()
    {
        for (var n = 0; n < 50; n++)
        {
            using var scheduler = LuaTestSources.Load("return { scheduler = function(i) return { n = i.now } end }");
            Assert.Equal("""{"n":1533913910123}""", scheduler.Run().Json());
        }
    }
}

using System.Text;
using Verwalter.Scheduling;
using Verwalter.Scheduling.Lua;
using Verwalter.Tests.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling;

public sealed class SchedulerEnginesTests
{
    [Fact]
    public void MainLua_SelectsTheLuaEngine_AndRuns()
    {
        var source = LuaTestSources.Source(("main.lua", "return { scheduler = function(i) return { host = i.current_host } end }"));

        using var engine = SchedulerEngines.For(source).Load(source, new SchedulerLimits(), new FakeRunWatchdog());

        Assert.Equal("lua", engine.EngineName);
        Assert.Equal("""{"host":"alpha"}""", Encoding.UTF8.GetString(ScheduleResult.ToCanonicalData(engine.Run(Encoding.UTF8.GetBytes(LuaTestSources.MinimalInput)).ScheduleJson)));
    }

    [Fact]
    public void NoEntryFile_IsALoadErrorNamingTheEntryFiles()
    {
        var source = LuaTestSources.Source(("lib.lua", "return {}"));

        var error = Assert.Throws<SchedulerException>(() => SchedulerEngines.For(source));

        Assert.Equal(SchedulerErrorKind.Load, error.Kind);
        Assert.Contains("main.lua", error.Message, StringComparison.Ordinal);
        Assert.Contains("/etc/verwalter/scheduler/v1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEntryFile_IsASourceFile_AndEntriesAreUnique()
    {
        Assert.All(SchedulerEngines.EntryFiles, e => Assert.True(SchedulerEngines.IsSourceFile(e), e));
        Assert.Equal(SchedulerEngines.EntryFiles.Count(), SchedulerEngines.EntryFiles.Distinct(StringComparer.Ordinal).Count());
        Assert.False(SchedulerEngines.IsSourceFile("README.md"));
    }

    [Fact]
    public void EntryFileOf_NamesTheEntryTheSourceHolds()
    {
        Assert.Equal("main.lua", SchedulerEngines.EntryFileOf(LuaTestSources.Source(("main.lua", "return {}"))));
    }
}

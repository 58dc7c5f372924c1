namespace Verwalter.Scheduling.Lua;

/// <summary>Lua 5.4 schedulers: <c>scheduler/v1/main.lua</c> and the <c>*.lua</c> files it <c>require</c>s.</summary>
internal sealed class LuaSchedulerEngineFactory : ISchedulerEngineFactory
{
    public string Name => LuaScheduler.Engine;

    public string EntryFile => SchedulerSource.MainFile;

    public bool IsSourceFile(string fileName) => fileName.EndsWith(".lua", StringComparison.Ordinal);

    public ISchedulerEngine Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog watchdog) =>
        LuaScheduler.Load(source, limits, watchdog);
}

namespace Verwalter.Scheduling.JavaScript;

/// <summary>JavaScript schedulers on Jint: <c>scheduler/v1/main.js</c> and the <c>*.js</c>/<c>*.mjs</c> modules it imports.</summary>
internal sealed class JsSchedulerEngineFactory : ISchedulerEngineFactory
{
    public string Name => JsScheduler.Engine;

    public string EntryFile => JsScheduler.EntryFile;

    public bool IsSourceFile(string fileName) =>
        fileName.EndsWith(".js", StringComparison.Ordinal) || fileName.EndsWith(".mjs", StringComparison.Ordinal);

    public ISchedulerEngine Load(SchedulerSource source, SchedulerLimits limits, Lua.IRunWatchdog watchdog) =>
        JsScheduler.Load(source, limits, watchdog);
}

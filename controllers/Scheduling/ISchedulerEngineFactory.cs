using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling;

/// <summary>
/// Builds one kind of scheduler engine. Each factory owns one entry file name in
/// <c>scheduler/v1/</c> (<c>main.lua</c>, <c>main.js</c>, <c>scheduler.wasm</c>) and says which
/// other files of that folder belong to its source (modules, imports). Registered in
/// <see cref="SchedulerEngines"/>.
/// </summary>
internal interface ISchedulerEngineFactory
{
    /// <summary>Short engine name (<c>lua</c>, <c>js</c>, <c>wasm</c>).</summary>
    string Name { get; }

    /// <summary>The entry file, relative to <c>scheduler/v1/</c>, whose presence selects this engine.</summary>
    string EntryFile { get; }

    /// <summary>Whether a file of <c>scheduler/v1/</c> (by its file name) is read into the source for this engine.</summary>
    bool IsSourceFile(string fileName);

    /// <summary>Loads the scheduler (compiles, runs module top-level code) so a broken one fails here.</summary>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>, naming file and line when known.</exception>
    ISchedulerEngine Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog watchdog);
}

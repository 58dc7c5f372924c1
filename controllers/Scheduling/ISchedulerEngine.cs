namespace Verwalter.Scheduling;

/// <summary>
/// A loaded scheduler of one engine (Lua, JavaScript, WebAssembly): built from a
/// <see cref="SchedulerSource"/> by its <see cref="ISchedulerEngineFactory"/> and called once per
/// schedule round. Every engine takes the same input (the scheduler input JSON object) and gives
/// the same output (<see cref="SchedulerOutput"/>: schedule JSON exactly as produced, and the log);
/// validation, canonical form, hashing, last-good-kept and error reporting are shared and done by
/// the caller (<see cref="ScheduleResult"/>, <see cref="ScheduleController"/>, the CLI).
/// </summary>
/// <remarks>
/// Rules every engine keeps:
/// <list type="bullet">
/// <item>A fault (error, deadline, budget, memory, stack, bad result) ends the run with a
/// <see cref="SchedulerException"/> of the matching <see cref="SchedulerErrorKind"/>, naming
/// <c>file:line</c> (or <c>file:line:column</c>) when the engine knows it.</item>
/// <item>After any fault the engine state is discarded or reset, so the next run starts from the
/// source again and a failed run leaves no memory behind; <see cref="Run"/> rebuilds it lazily.</item>
/// <item>The run stops at <see cref="SchedulerLimits"/>; the caller arms the process watchdog
/// (<see cref="Lua.IRunWatchdog"/>) only through the engine, which arms it around loads and runs.</item>
/// <item>Not thread-safe: one schedule loop (or one CLI command) owns an engine.</item>
/// </list>
/// </remarks>
public interface ISchedulerEngine : IDisposable
{
    /// <summary>The engine's short name (<c>lua</c>, <c>js</c>, <c>wasm</c>), shown in status and logs.</summary>
    string EngineName { get; }

    /// <summary>Runs the scheduler once.</summary>
    /// <param name="inputJson">The scheduler input as a UTF-8 JSON object (<see cref="SchedulerInput.ToJson"/>).</param>
    /// <returns>The schedule JSON as produced and the log text.</returns>
    /// <exception cref="SchedulerException">The run failed; <see cref="SchedulerException.Log"/> holds what was logged before.</exception>
    SchedulerOutput Run(ReadOnlySpan<byte> inputJson);
}

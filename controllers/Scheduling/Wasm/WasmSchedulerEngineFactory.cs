using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling.Wasm;

/// <summary>WebAssembly schedulers: <c>scheduler/v1/scheduler.wasm</c>, the original verwalter ABI (docs/scheduler-wasm.md).</summary>
internal sealed class WasmSchedulerEngineFactory : ISchedulerEngineFactory
{
    public string Name => WasmScheduler.Engine;

    public string EntryFile => WasmScheduler.FileName;

    /// <summary>The module is self-contained; <c>query.wasm</c> belongs to rendering, not to the scheduler.</summary>
    public bool IsSourceFile(string fileName) => false;

    public ISchedulerEngine Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog watchdog) =>
        WasmScheduler.Load(source, limits, watchdog);
}

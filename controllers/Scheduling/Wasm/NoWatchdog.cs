using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling.Wasm;

/// <summary>
/// For callers that bound a wasm call themselves: epoch interruption stops wasm code at any
/// instruction, and the host imports are short, so no process watchdog is needed there.
/// </summary>
internal sealed class NoWatchdog : IRunWatchdog, IDisposable
{
    public static readonly NoWatchdog Instance = new();

    public IDisposable Arm(TimeSpan after, string what) => this;

    public void Dispose()
    {
    }
}

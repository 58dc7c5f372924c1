namespace Verwalter.Scheduling.Wasm;

/// <summary>A call into a wasm module failed; the message does not yet name the file (the module adds it).</summary>
internal sealed class WasmCallException : Exception
{
    public WasmCallException() { }

    public WasmCallException(string message) : base(message) { }

    public WasmCallException(string message, Exception inner) : base(message, inner) { }

    public WasmCallException(SchedulerErrorKind kind, string message) : base(message) => Kind = kind;

    public SchedulerErrorKind Kind { get; } = SchedulerErrorKind.Runtime;
}

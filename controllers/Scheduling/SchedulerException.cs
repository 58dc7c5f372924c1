namespace Verwalter.Scheduling;

/// <summary>Why a scheduler load or run failed; shown in status <c>errors</c> and metrics.</summary>
public enum SchedulerErrorKind
{
    /// <summary>The entry file (main.lua, main.js, scheduler.wasm) or a module does not compile, raises while loading, or lacks <c>scheduler</c>.</summary>
    Load,
    /// <summary>The script raised an error (message includes the Lua traceback).</summary>
    Runtime,
    /// <summary>The instruction budget or the wall-clock deadline was exceeded.</summary>
    Timeout,
    /// <summary>The memory cap was hit.</summary>
    Memory,
    /// <summary>The result is not a JSON object (nil, a number, invalid JSON, a non-string log...).</summary>
    InvalidResult,
    /// <summary>The recursion depth or stack limit was exceeded.</summary>
    Stack,
}

/// <summary>A scheduler failed; the node keeps its last good schedule.</summary>
public sealed class SchedulerException : Exception
{
    public SchedulerException() { }

    public SchedulerException(string message) : base(message) { }

    public SchedulerException(string message, Exception inner) : base(message, inner) { }

    public SchedulerException(SchedulerErrorKind kind, string message, string? log = null) : base(message)
    {
        Kind = kind;
        Log = log;
    }

    public SchedulerErrorKind Kind { get; }

    /// <summary>What the script printed before it failed, when anything.</summary>
    public string? Log { get; }

    /// <summary>Where it failed, <c>file:line</c> or <c>file:line:column</c> relative to <c>scheduler/v1/</c>, when the engine knows; also part of <see cref="Exception.Message"/>.</summary>
    public string? Location { get; init; }
}

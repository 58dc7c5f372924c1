namespace Verwalter.Scheduling;

/// <summary>Why a scheduler load or run failed; shown in status <c>errors</c> and metrics.</summary>
public enum SchedulerErrorKind
{
    /// <summary>main.lua (or a required file) does not compile, raises while loading, or lacks <c>scheduler</c>.</summary>
    Load,
    /// <summary>The script raised an error (message includes the Lua traceback).</summary>
    Runtime,
    /// <summary>The instruction budget or the wall-clock deadline was exceeded.</summary>
    Timeout,
    /// <summary>The memory cap was hit.</summary>
    Memory,
    /// <summary>The result is not a JSON object (nil, a number, invalid JSON, a non-string log...).</summary>
    InvalidResult,
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
}

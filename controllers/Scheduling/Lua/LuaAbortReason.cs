namespace Verwalter.Scheduling.Lua;

/// <summary>Why the count hook stopped a run; stored as an int in <see cref="LuaStateContext"/>.</summary>
internal enum LuaAbortReason
{
    None = 0,
    InstructionBudget = 1,
    Deadline = 2,
}

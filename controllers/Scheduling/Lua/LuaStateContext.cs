using System.Runtime.InteropServices;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Per-state bookkeeping in unmanaged memory, reached from native callbacks through the
/// allocator's user-data pointer (<c>lua_getallocf</c>), so the allocator and the count hook
/// never touch managed objects.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LuaStateContext
{
    /// <summary>
    /// Bytes currently held by the state, kept by the counting allocator: exact while it is installed
    /// (it takes Lua's own count when it is), stale while the C library's allocator does host work.
    /// </summary>
    public long Used;

    /// <summary>Most bytes held at once since the last limited call began (counting allocator only).</summary>
    public long Peak;

    /// <summary>Cap enforced while <see cref="Armed"/> is set.</summary>
    public long Limit;

    /// <summary>Non-zero while script code runs; host-side pushes run disarmed.</summary>
    public int Armed;

    /// <summary>Set when an allocation was refused (or a host function stopped at the cap).</summary>
    public int MemoryExceeded;

    /// <summary>Non-zero while a load or run is limited by budget and deadline.</summary>
    public int Running;

    /// <summary>Why the count hook aborted the run (see <see cref="LuaAbortReason"/>).</summary>
    public int Aborted;

    public long InstructionsUsed;
    public long InstructionBudget;
    public long DeadlineTimestamp;

    /// <summary>A GCHandle to the owning <see cref="LuaSandbox"/>, for callbacks that need the source.</summary>
    public IntPtr Owner;
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// The allocator and the count hook, called by native Lua code. Neither raises a Lua error nor
/// lets a managed exception escape: the allocator returns null (Lua raises LUA_ERRMEM itself),
/// and the hook swaps itself for the native <c>lua_error</c> so the unwinding stays in C frames.
/// </summary>
internal static unsafe class LuaNativeCallbacks
{
    public const int HookInterval = 10_000;

    private static readonly IntPtr NativeLuaError = LuaNative.Export("lua_error");

    public static delegate* unmanaged<IntPtr, IntPtr, nuint, nuint, IntPtr> Allocator => &Alloc;

    public static IntPtr CountHookPointer => (IntPtr)(delegate* unmanaged<IntPtr, IntPtr, void>)&CountHook;

    /// <summary>Lua function <c>aborted()</c>: whether the count hook has stopped the current run.</summary>
    public static delegate* unmanaged<IntPtr, int> AbortedFunction => &Aborted;

    public static LuaStateContext* Context(IntPtr l)
    {
        IntPtr ud;
        LuaNative.lua_getallocf(l, &ud);
        return (LuaStateContext*)ud;
    }

    [UnmanagedCallersOnly]
    private static IntPtr Alloc(IntPtr ud, IntPtr ptr, nuint osize, nuint nsize)
    {
        var ctx = (LuaStateContext*)ud;
        if (nsize == 0)
        {
            if (ptr != 0)
            {
                NativeMemory.Free((void*)ptr);
                ctx->Used -= (long)osize;
            }

            return 0;
        }

        // When ptr is null, osize is a type tag, not a size.
        var delta = (long)nsize - (ptr == 0 ? 0 : (long)osize);
        if (delta > 0 && ctx->Armed != 0 && ctx->Used + delta > ctx->Limit)
        {
            ctx->MemoryExceeded = 1;
            return 0;
        }

        var result = NativeMemory.Realloc((void*)ptr, nsize);
        if (result is null)
        {
            return 0;
        }

        ctx->Used += delta;
        return (IntPtr)result;
    }

    [UnmanagedCallersOnly]
    private static int Aborted(IntPtr l)
    {
        LuaNative.lua_pushboolean(l, Context(l)->Aborted != 0 ? 1 : 0);
        return 1;
    }

    [UnmanagedCallersOnly]
    private static void CountHook(IntPtr l, IntPtr ar)
    {
        var ctx = Context(l);
        if (ctx->Running == 0)
        {
            return;
        }

        ctx->InstructionsUsed += HookInterval;
        var reason = ctx->InstructionsUsed > ctx->InstructionBudget ? LuaAbortReason.InstructionBudget
            : Stopwatch.GetTimestamp() > ctx->DeadlineTimestamp ? LuaAbortReason.Deadline
            : LuaAbortReason.None;
        if (reason == LuaAbortReason.None)
        {
            return;
        }

        if (ctx->Aborted == 0)
        {
            ctx->Aborted = (int)reason;
        }

        // The next VM instruction calls the native lua_error as a hook: the longjmp starts and
        // ends in C frames, never crossing this managed one.
        LuaNative.lua_sethook(l, NativeLuaError, LuaNative.MaskCount, 1);
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// The allocator and the count hook, called by native Lua code. Neither raises a Lua error nor
/// lets a managed exception escape: the allocator returns null (Lua raises LUA_ERRMEM itself),
/// and the hook swaps itself for the native <c>lua_error</c> so the unwinding stays in C frames.
/// The hook runs every <see cref="HookInterval"/> instructions, which keeps its managed transition
/// out of the profile; the counting allocator runs only while script code does.
/// </summary>
internal static unsafe class LuaNativeCallbacks
{
    public const int HookInterval = 10_000;

    private static readonly IntPtr NativeLuaError = LuaNative.Export("lua_error");

    public static delegate* unmanaged<IntPtr, IntPtr, nuint, nuint, IntPtr> Allocator => &Alloc;

    /// <summary>
    /// The C library's allocator as <c>luaL_newstate</c> installs it (lauxlib's <c>l_alloc</c>:
    /// <c>realloc</c>/<c>free</c>, user data ignored), or 0 where it is not used. While no script code
    /// runs the cap is disarmed anyway, so the host's own work (pushing the input, writing the result,
    /// the collection after each run) uses it: no managed transition per allocation, and no waiting
    /// for a .NET garbage collection in the middle of native work. Only where
    /// <see cref="NativeMemory"/> and Lua's C library share one heap (glibc, musl, macOS libc):
    /// blocks move between the two allocators.
    /// </summary>
    public static IntPtr NativeAllocator { get; } = FindNativeAllocator();

    /// <summary>
    /// <see cref="NativeAllocator"/> as the counting allocator calls it: one <c>realloc</c> or
    /// <c>free</c>, short and never calling back, so without a GC transition. Null where there is none.
    /// </summary>
    private static readonly delegate* unmanaged[SuppressGCTransition]<IntPtr, IntPtr, nuint, nuint, IntPtr> NativeAllocatorCall =
        (delegate* unmanaged[SuppressGCTransition]<IntPtr, IntPtr, nuint, nuint, IntPtr>)NativeAllocator;

    public static IntPtr CountHookPointer => (IntPtr)(delegate* unmanaged<IntPtr, IntPtr, void>)&CountHook;

    /// <summary>Lua function <c>aborted()</c>: whether the count hook has stopped the current run.</summary>
    public static delegate* unmanaged<IntPtr, int> AbortedFunction => &Aborted;

    public static LuaStateContext* Context(IntPtr l)
    {
        IntPtr ud;
        LuaNative.lua_getallocf(l, &ud);
        return (LuaStateContext*)ud;
    }

    /// <summary>Installs the capped, counting allocator (before script code runs), with an exact count.</summary>
    public static void UseCountingAllocator(IntPtr l, LuaStateContext* ctx)
    {
        if (NativeAllocator != 0)
        {
            ctx->Used = ((long)LuaNative.lua_gc(l, LuaNative.GcCount) * 1024) + LuaNative.lua_gc(l, LuaNative.GcCountBytes);
            LuaNative.lua_setallocf(l, (IntPtr)Allocator, (IntPtr)ctx);
        }
    }

    /// <summary>Installs the C library's allocator where there is one; the user data stays the context.</summary>
    public static void UseNativeAllocator(IntPtr l, LuaStateContext* ctx)
    {
        if (NativeAllocator != 0)
        {
            LuaNative.lua_setallocf(l, NativeAllocator, (IntPtr)ctx);
        }
    }

    private static IntPtr FindNativeAllocator()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return 0;
        }

        var l = LuaNative.luaL_newstate();
        if (l == 0)
        {
            return 0;
        }

        IntPtr ud;
        var alloc = LuaNative.lua_getallocf(l, &ud);
        LuaNative.lua_close(l);
        return alloc;
    }

    [UnmanagedCallersOnly]
    private static IntPtr Alloc(IntPtr ud, IntPtr ptr, nuint osize, nuint nsize)
    {
        var ctx = (LuaStateContext*)ud;
        if (nsize == 0)
        {
            if (ptr != 0)
            {
                if (NativeAllocatorCall is not null)
                {
                    _ = NativeAllocatorCall(ud, ptr, osize, 0);
                }
                else
                {
                    NativeMemory.Free((void*)ptr);
                }

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

        var result = NativeAllocatorCall is not null
            ? (void*)NativeAllocatorCall(ud, ptr, osize, nsize)
            : NativeMemory.Realloc((void*)ptr, nsize);
        if (result is null)
        {
            return 0;
        }

        ctx->Used += delta;
        if (ctx->Used > ctx->Peak)
        {
            ctx->Peak = ctx->Used;
        }

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

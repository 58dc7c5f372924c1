using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// One sandboxed Lua state with main.lua loaded: libraries, prelude, hook and allocator, and the
/// limited protected call every piece of script code goes through. Not thread-safe.
/// </summary>
/// <remarks>
/// The capped, counting allocator is installed only for that limited call; the host's own work
/// (pushing the input, writing the result, the collection after each run) allocates through the C
/// library's allocator where there is one (see <see cref="LuaNativeCallbacks.NativeAllocator"/>).
/// </remarks>
internal sealed unsafe class LuaSandbox : IDisposable
{
    private static readonly string[] Libraries = ["_G", "package", "table", "string", "utf8", "math", "debug"];

    private readonly SchedulerLimits _limits;
    private readonly LuaStateContext* _ctx;
    private GCHandle _self;
    private IntPtr _l;
    private int _handlerRef;
    private int _drainRef;
    private int _loadMainRef;
    private int _runRef;

    private LuaSandbox(SchedulerSource source, SchedulerLimits limits)
    {
        Source = source;
        _limits = limits;
        _ctx = (LuaStateContext*)NativeMemory.AllocZeroed((nuint)sizeof(LuaStateContext));
        _ctx->Limit = limits.MemoryBytes;
        _self = GCHandle.Alloc(this);
        _ctx->Owner = GCHandle.ToIntPtr(_self);
        _l = LuaNative.lua_newstate(LuaNativeCallbacks.Allocator, (IntPtr)_ctx);
        if (_l == 0)
        {
            throw new SchedulerException(SchedulerErrorKind.Load, "cannot create a Lua state");
        }

        LuaNative.lua_sethook(_l, LuaNativeCallbacks.CountHookPointer, LuaNative.MaskCount, LuaNativeCallbacks.HookInterval);

        // Host work from here on; LimitedCall switches to the counting allocator for script code.
        LuaNativeCallbacks.UseNativeAllocator(_l, _ctx);
    }

    public SchedulerSource Source { get; }

    /// <summary>Registry reference of the prelude's loader that raises a module's compile error.</summary>
    public int LoadErrorRef { get; private set; }

    /// <summary>Set once script code was aborted inside the VM; the owner must discard this state.</summary>
    public bool Broken { get; private set; }

    public IntPtr State => _l;

    /// <summary>Most bytes the state held while script code ran in the last limited call.</summary>
    public long PeakBytes => _ctx->Peak;

    /// <summary>Creates the sandbox and runs main.lua under the limits.</summary>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>.</exception>
    public static LuaSandbox Load(SchedulerSource source, SchedulerLimits limits)
    {
        var sandbox = new LuaSandbox(source, limits);
        try
        {
            sandbox.OpenLibraries();
            sandbox.RunPrelude();
            sandbox.LoadMain();
            return sandbox;
        }
        catch
        {
            sandbox.Dispose();
            throw;
        }
    }

    /// <summary>Compiles a scheduler file as text; pushes the chunk, or the error message.</summary>
    public int LoadChunk(byte[] code, string relativePath)
    {
        var name = Encoding.UTF8.GetBytes("@" + relativePath + "\0");
        fixed (byte* c = code)
        fixed (byte* n = name)
        fixed (byte* mode = "t\0"u8)
        {
            return LuaNative.luaL_loadbufferx(_l, c, (nuint)code.Length, n, mode);
        }
    }

    /// <summary>
    /// Calls the scheduler with <paramref name="inputJson"/>; on success its two results are at stack
    /// slots 2 and 3 (slot 1 is the message handler) until <see cref="EndRun"/>.
    /// </summary>
    /// <exception cref="SchedulerException">The run failed; <see cref="Broken"/> is set.</exception>
    public void BeginRun(ReadOnlySpan<byte> inputJson)
    {
        LuaNative.lua_settop(_l, 0);
        _ = LuaNative.lua_rawgeti(_l, LuaNative.RegistryIndex, _handlerRef);
        _ = LuaNative.lua_rawgeti(_l, LuaNative.RegistryIndex, _runRef);
        var error = PushInput(inputJson);
        if (error is not null)
        {
            LuaNative.lua_settop(_l, 0);
            throw new ArgumentException("scheduler input is not valid JSON: " + error, nameof(inputJson));
        }

        var status = LimitedCall(1, 2);
        if (status != LuaNative.StatusOk)
        {
            var log = DrainLog();
            throw Failure(status, SchedulerErrorKind.Runtime, "scheduler failed", log);
        }
    }

    /// <summary>
    /// Pushes the input with the collector stopped: the input is all live, so collecting while it is
    /// built only re-marks it, again and again as the heap doubles. Afterwards the collector is paced
    /// as if a cycle had just finished with the input live, like its default pause (the next cycle
    /// starts once the heap has doubled), instead of starting a cycle on the script's first allocation.
    /// </summary>
    private string? PushInput(ReadOnlySpan<byte> inputJson)
    {
        _ = LuaNative.lua_gc(_l, LuaNative.GcStop);
        try
        {
            return LuaJsonPusher.TryPush(_l, inputJson, scheduleInput: true);
        }
        finally
        {
            _ = LuaNative.lua_gc(_l, LuaNative.GcRestart);
            var heapKilobytes = LuaNative.lua_gc(_l, LuaNative.GcCount);
            if (LuaNative.CanPassGcData && heapKilobytes > 0)
            {
                _ = LuaNative.lua_gc_data(_l, LuaNative.GcStep, -heapKilobytes);
            }
        }
    }

    /// <summary>Clears the stack and runs a full collection, as verwalter did after every run.</summary>
    public void EndRun()
    {
        LuaNative.lua_settop(_l, 0);
        _ = LuaNative.lua_gc(_l, LuaNative.GcCollect);
    }

    /// <summary>What the script printed since the last drain, one line per print call.</summary>
    public string DrainLog()
    {
        var top = LuaNative.lua_gettop(_l);
        _ = LuaNative.lua_rawgeti(_l, LuaNative.RegistryIndex, _drainRef);
        var text = LuaNative.PCall(_l, 0, 1, 0) == LuaNative.StatusOk && LuaNative.lua_type(_l, -1) == LuaNative.TString
            ? Encoding.UTF8.GetString(LuaNative.StringSpan(_l, -1))
            : "";
        LuaNative.lua_settop(_l, top);
        return text;
    }

    public void Dispose()
    {
        if (_l != 0)
        {
            LuaNative.lua_sethook(_l, 0, 0, 0);
            LuaNative.lua_close(_l);
            _l = 0;
            NativeMemory.Free(_ctx);
            _self.Free();
        }
    }

    private void OpenLibraries()
    {
        foreach (var library in Libraries)
        {
            var name = Encoding.ASCII.GetBytes(library + "\0");
            var open = LuaNative.Export(library == "_G" ? "luaopen_base" : "luaopen_" + library);
            fixed (byte* n = name)
            {
                LuaNative.luaL_requiref(_l, n, open, 1);
            }

            LuaNative.Pop(_l, 1);
        }
    }

    private void RunPrelude()
    {
        fixed (byte* code = LuaPrelude.Code)
        fixed (byte* name = Encoding.ASCII.GetBytes(LuaPrelude.ChunkName + "\0"))
        fixed (byte* mode = "t\0"u8)
        {
            if (LuaNative.luaL_loadbufferx(_l, code, (nuint)LuaPrelude.Code.Length, name, mode) != LuaNative.StatusOk)
            {
                throw new InvalidOperationException("prelude does not compile: " + LuaNative.Describe(_l, -1));
            }
        }

        LuaNative.lua_pushcclosure(_l, LuaRequireSearcher.Function, 0);
        LuaNative.lua_pushcclosure(_l, LuaJsonModule.Encode, 0);
        LuaNative.lua_pushcclosure(_l, LuaJsonModule.Decode, 0);
        LuaNative.lua_pushcclosure(_l, LuaNativeCallbacks.AbortedFunction, 0);
        if (LuaNative.PCall(_l, 4, 5, 0) != LuaNative.StatusOk)
        {
            throw new InvalidOperationException("prelude failed: " + LuaNative.Describe(_l, -1));
        }

        LoadErrorRef = LuaNative.luaL_ref(_l, LuaNative.RegistryIndex);
        _runRef = LuaNative.luaL_ref(_l, LuaNative.RegistryIndex);
        _loadMainRef = LuaNative.luaL_ref(_l, LuaNative.RegistryIndex);
        _drainRef = LuaNative.luaL_ref(_l, LuaNative.RegistryIndex);
        _handlerRef = LuaNative.luaL_ref(_l, LuaNative.RegistryIndex);
    }

    private void LoadMain()
    {
        if (!Source.Files.TryGetValue(SchedulerSource.MainFile, out var main))
        {
            throw new SchedulerException(SchedulerErrorKind.Load, $"{SchedulerSource.MainFile}: no such file in {Source.Directory}");
        }

        LuaNative.lua_settop(_l, 0);
        _ = LuaNative.lua_rawgeti(_l, LuaNative.RegistryIndex, _handlerRef);
        _ = LuaNative.lua_rawgeti(_l, LuaNative.RegistryIndex, _loadMainRef);
        if (LoadChunk(main, SchedulerSource.MainFile) != LuaNative.StatusOk)
        {
            var message = LuaNative.Describe(_l, -1);
            LuaNative.lua_settop(_l, 0);
            throw new SchedulerException(SchedulerErrorKind.Load, message);
        }

        var status = LimitedCall(1, 0);
        var log = DrainLog();
        if (status != LuaNative.StatusOk)
        {
            throw Failure(status, SchedulerErrorKind.Load, "loading main.lua failed", log);
        }

        EndRun();
    }

    /// <summary>Protected call with the handler at slot 1, the cap armed, and budget and deadline running.</summary>
    private int LimitedCall(int nargs, int nresults)
    {
        var deadline = _limits.Deadline.TotalSeconds * Stopwatch.Frequency;
        _ctx->InstructionsUsed = 0;
        _ctx->InstructionBudget = _limits.InstructionBudget;
        _ctx->DeadlineTimestamp = Stopwatch.GetTimestamp() + (long)Math.Min(deadline, long.MaxValue / 2);
        _ctx->Aborted = 0;
        _ctx->MemoryExceeded = 0;
        _ctx->Running = 1;
        LuaNativeCallbacks.UseCountingAllocator(_l, _ctx);
        _ctx->Peak = _ctx->Used;
        _ctx->Armed = 1;
        try
        {
            return LuaNative.PCall(_l, nargs, nresults, 1);
        }
        finally
        {
            _ctx->Armed = 0;
            _ctx->Running = 0;
            LuaNativeCallbacks.UseNativeAllocator(_l, _ctx);

            // The count hook may have swapped itself for lua_error; put it back for the host's own calls.
            LuaNative.lua_sethook(_l, LuaNativeCallbacks.CountHookPointer, LuaNative.MaskCount, LuaNativeCallbacks.HookInterval);
        }
    }

    private SchedulerException Failure(int status, SchedulerErrorKind kind, string what, string log)
    {
        Broken = true;
        var message = LuaNative.Describe(_l, -1);
        LuaNative.lua_settop(_l, 0);
        var loading = kind == SchedulerErrorKind.Load;
        switch ((LuaAbortReason)_ctx->Aborted)
        {
            case LuaAbortReason.InstructionBudget:
                return new SchedulerException(loading ? kind : SchedulerErrorKind.Timeout,
                    $"{what}: exceeded the instruction budget of {_limits.InstructionBudget} VM instructions", log);
            case LuaAbortReason.Deadline:
                return new SchedulerException(loading ? kind : SchedulerErrorKind.Timeout,
                    $"{what}: exceeded the deadline of {_limits.Deadline.TotalMilliseconds} ms", log);
        }

        if (status == LuaNative.StatusErrMem || _ctx->MemoryExceeded != 0)
        {
            return new SchedulerException(loading ? kind : SchedulerErrorKind.Memory,
                $"{what}: exceeded the memory limit of {_limits.MemoryBytes} bytes ({message})", log);
        }

        if (message.Contains("stack overflow", StringComparison.Ordinal))
        {
            return new SchedulerException(kind, $"{what}: recursion too deep (Lua stack overflow): {message}", log);
        }

        return new SchedulerException(kind, $"{what}: {message}", log);
    }
}

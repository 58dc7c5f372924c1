using System.Runtime.InteropServices;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// The slice of the Lua 5.4 C API the scheduler host needs, bound straight to KeraLua's native
/// <c>lua54</c> library. Only functions that cannot raise (or raise only on allocation failure,
/// which the host avoids by disarming the memory cap) are called from managed code.
/// </summary>
internal static unsafe partial class LuaNative
{
    private const string Lib = "lua54";

    public const int RegistryIndex = -1_000_000 - 1000;
    public const int RidxGlobals = 2;
    public const int MaskCount = 1 << 3;
    public const int GcStop = 0;
    public const int GcRestart = 1;
    public const int GcCollect = 2;
    public const int GcCount = 3;
    public const int GcCountBytes = 4;
    public const int GcStep = 5;

    public const int TNone = -1;
    public const int TNil = 0;
    public const int TBoolean = 1;
    public const int TNumber = 3;
    public const int TString = 4;
    public const int TTable = 5;
    public const int TFunction = 6;

    public const int StatusOk = 0;
    public const int StatusErrRun = 2;
    public const int StatusErrSyntax = 3;
    public const int StatusErrMem = 4;
    public const int StatusErrErr = 5;

    private static readonly IntPtr LibraryHandle = NativeLibrary.Load(Lib, typeof(LuaNative).Assembly, DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories);

    /// <summary>Address of a native export (the <c>luaopen_*</c> functions, <c>lua_error</c>).</summary>
    public static IntPtr Export(string name) => NativeLibrary.GetExport(LibraryHandle, name);

    [LibraryImport(Lib)]
    public static partial IntPtr lua_newstate(delegate* unmanaged<IntPtr, IntPtr, nuint, nuint, IntPtr> alloc, IntPtr ud);

    [LibraryImport(Lib)]
    public static partial void lua_close(IntPtr l);

    [LibraryImport(Lib)]
    public static partial IntPtr luaL_newstate();

    [LibraryImport(Lib)]
    public static partial IntPtr lua_getallocf(IntPtr l, IntPtr* ud);

    [LibraryImport(Lib)]
    public static partial void lua_setallocf(IntPtr l, IntPtr f, IntPtr ud);

    [LibraryImport(Lib)]
    public static partial void lua_sethook(IntPtr l, IntPtr hook, int mask, int count);

    [LibraryImport(Lib)]
    public static partial int lua_gc(IntPtr l, int what);

    /// <summary>
    /// <c>lua_gc</c> with its one variadic <c>int</c> argument passed as a fixed one. That matches the
    /// variadic calling convention on x64 (System V and Windows) and on arm64 except Apple's,
    /// which is what <see cref="CanPassGcData"/> checks; call it only when that holds.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "lua_gc")]
    public static partial int lua_gc_data(IntPtr l, int what, int data);

    [LibraryImport(Lib)]
    public static partial int lua_gettop(IntPtr l);

    [LibraryImport(Lib)]
    public static partial void lua_settop(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial int lua_absindex(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial int lua_checkstack(IntPtr l, int n);

    [LibraryImport(Lib)]
    public static partial void lua_pushvalue(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial void lua_rotate(IntPtr l, int idx, int n);

    [LibraryImport(Lib)]
    public static partial void lua_copy(IntPtr l, int fromidx, int toidx);

    [LibraryImport(Lib)]
    public static partial int lua_type(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial int lua_isinteger(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial long lua_tointegerx(IntPtr l, int idx, int* isnum);

    [LibraryImport(Lib)]
    public static partial double lua_tonumberx(IntPtr l, int idx, int* isnum);

    [LibraryImport(Lib)]
    public static partial int lua_toboolean(IntPtr l, int idx);

    /// <summary>Only called on values of type string: on numbers it would convert in place and allocate.</summary>
    [LibraryImport(Lib)]
    public static partial byte* lua_tolstring(IntPtr l, int idx, nuint* len);

    [LibraryImport(Lib)]
    public static partial IntPtr lua_topointer(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial void lua_pushnil(IntPtr l);

    [LibraryImport(Lib)]
    public static partial void lua_pushinteger(IntPtr l, long n);

    [LibraryImport(Lib)]
    public static partial void lua_pushnumber(IntPtr l, double n);

    [LibraryImport(Lib)]
    public static partial void lua_pushboolean(IntPtr l, int b);

    [LibraryImport(Lib)]
    public static partial IntPtr lua_pushlstring(IntPtr l, byte* s, nuint len);

    [LibraryImport(Lib)]
    public static partial void lua_pushcclosure(IntPtr l, delegate* unmanaged<IntPtr, int> fn, int n);

    [LibraryImport(Lib)]
    public static partial void lua_createtable(IntPtr l, int narr, int nrec);

    [LibraryImport(Lib)]
    public static partial int lua_rawget(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial int lua_rawgeti(IntPtr l, int idx, long n);

    [LibraryImport(Lib)]
    public static partial void lua_rawset(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial void lua_rawseti(IntPtr l, int idx, long n);

    [LibraryImport(Lib)]
    public static partial int lua_next(IntPtr l, int idx);

    [LibraryImport(Lib)]
    public static partial int lua_pcallk(IntPtr l, int nargs, int nresults, int msgh, IntPtr ctx, IntPtr k);

    [LibraryImport(Lib)]
    public static partial int luaL_loadbufferx(IntPtr l, byte* buff, nuint size, byte* name, byte* mode);

    [LibraryImport(Lib)]
    public static partial void luaL_requiref(IntPtr l, byte* modname, IntPtr openf, int glb);

    [LibraryImport(Lib)]
    public static partial int luaL_ref(IntPtr l, int t);

    /// <summary>Whether <see cref="lua_gc_data"/> passes its argument where the variadic <c>lua_gc</c> reads it.</summary>
    public static bool CanPassGcData { get; } =
        RuntimeInformation.ProcessArchitecture == Architecture.X64
        || (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 && !OperatingSystem.IsMacOS() && !OperatingSystem.IsIOS());

    public static void Pop(IntPtr l, int n) => lua_settop(l, -n - 1);

    public static int PCall(IntPtr l, int nargs, int nresults, int msgh) => lua_pcallk(l, nargs, nresults, msgh, 0, 0);

    /// <summary>Pushes UTF-8 bytes (a managed span) as a Lua string.</summary>
    public static void PushBytes(IntPtr l, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            lua_pushlstring(l, p, (nuint)bytes.Length);
        }
    }

    /// <summary>The bytes of the string at <paramref name="idx"/>; the caller checked its type is string.</summary>
    public static ReadOnlySpan<byte> StringSpan(IntPtr l, int idx)
    {
        nuint len;
        var p = lua_tolstring(l, idx, &len);
        return p is null ? default : new ReadOnlySpan<byte>(p, checked((int)len));
    }

    /// <summary>The value at <paramref name="idx"/> as text when it is a string, otherwise a description of its type.</summary>
    public static string Describe(IntPtr l, int idx) => lua_type(l, idx) == TString
        ? System.Text.Encoding.UTF8.GetString(StringSpan(l, idx))
        : "(error object is a " + TypeName(lua_type(l, idx)) + " value)";

    public static string TypeName(int type) => type switch
    {
        TNone => "no value",
        TNil => "nil",
        TBoolean => "boolean",
        2 => "userdata",
        TNumber => "number",
        TString => "string",
        TTable => "table",
        TFunction => "function",
        7 => "userdata",
        8 => "thread",
        _ => "unknown",
    };
}

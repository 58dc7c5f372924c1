using System.Runtime.InteropServices;
using System.Text;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// The only entry of <c>package.searchers</c>: finds modules among the <see cref="SchedulerSource"/>
/// files (never the disk) and compiles them as text with chunkname <c>@relative/path.lua</c>.
/// Follows the searcher protocol without raising: a miss returns a message string; a file that
/// does not compile returns the prelude's error loader plus the message, which raises from Lua.
/// A found chunk is returned alone, so <c>require</c> calls it as <c>chunk(name, nil)</c>.
/// </summary>
internal static unsafe class LuaRequireSearcher
{
    public static delegate* unmanaged<IntPtr, int> Function => &Search;

    [UnmanagedCallersOnly]
    private static int Search(IntPtr l)
    {
        var ctx = LuaNativeCallbacks.Context(l);
        var armed = ctx->Armed;
        ctx->Armed = 0;
        try
        {
            if (LuaNative.lua_type(l, 1) != LuaNative.TString)
            {
                return Miss(l, "module name is not a string");
            }

            var name = Encoding.UTF8.GetString(LuaNative.StringSpan(l, 1));
            var sandbox = (LuaSandbox)GCHandle.FromIntPtr(ctx->Owner).Target!;
            var path = LuaModulePath.Resolve(name, out var refused);
            if (path is null)
            {
                return Miss(l, $"module '{name}' refused: {refused}");
            }

            if (!sandbox.Source.Files.TryGetValue(path, out var code))
            {
                return Miss(l, $"no file '{path}' in the scheduler directory");
            }

            if (sandbox.LoadChunk(code, path) == LuaNative.StatusOk)
            {
                return 1;
            }

            _ = LuaNative.lua_rawgeti(l, LuaNative.RegistryIndex, sandbox.LoadErrorRef);
            LuaNative.lua_rotate(l, -2, 1);
            return 2;
        }
        catch (Exception e)
        {
            return Miss(l, "internal error: " + e.Message);
        }
        finally
        {
            ctx->Armed = armed;
        }
    }

    private static int Miss(IntPtr l, string message)
    {
        LuaNative.lua_settop(l, 0);
        LuaNative.PushBytes(l, Encoding.UTF8.GetBytes("\n\t" + message));
        return 1;
    }
}

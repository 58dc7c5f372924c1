using System.Runtime.InteropServices;
using System.Text;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Native halves of the scripts' <c>json</c> global. Each returns <c>true, result</c> or
/// <c>false, message</c>; the Lua wrapper in <see cref="LuaPrelude"/> raises the message, so no
/// Lua error ever starts in managed code. The memory cap is disarmed while they run (an
/// allocation failure would unwind through this frame); they stop on their own at the cap instead.
/// </summary>
internal static unsafe class LuaJsonModule
{
    public static delegate* unmanaged<IntPtr, int> Encode => &EncodeNative;

    public static delegate* unmanaged<IntPtr, int> Decode => &DecodeNative;

    [UnmanagedCallersOnly]
    private static int EncodeNative(IntPtr l)
    {
        var ctx = LuaNativeCallbacks.Context(l);
        var armed = ctx->Armed;
        ctx->Armed = 0;
        try
        {
            if (LuaNative.lua_gettop(l) < 1)
            {
                return Fail(l, "json.encode: a value is expected");
            }

            var writer = LuaJsonWriter.Rent();
            try
            {
                var json = writer.Serialize(l, 1);
                if (armed != 0 && ctx->Used + json.Length > ctx->Limit)
                {
                    ctx->MemoryExceeded = 1;
                    return Fail(l, "not enough memory");
                }

                LuaNative.lua_pushboolean(l, 1);
                LuaNative.PushBytes(l, json);
                return 2;
            }
            finally
            {
                LuaJsonWriter.Return(writer);
            }
        }
        catch (LuaConversionException e)
        {
            return Fail(l, "json.encode: " + e.Message);
        }
        catch (Exception e)
        {
            return Fail(l, "json.encode: internal error: " + e.Message);
        }
        finally
        {
            ctx->Armed = armed;
        }
    }

    [UnmanagedCallersOnly]
    private static int DecodeNative(IntPtr l)
    {
        var ctx = LuaNativeCallbacks.Context(l);
        var armed = ctx->Armed;
        ctx->Armed = 0;
        try
        {
            var type = LuaNative.lua_type(l, 1);
            if (type != LuaNative.TString)
            {
                return Fail(l, "json.decode: a string is expected, got " + LuaNative.TypeName(type));
            }

            var error = LuaJsonPusher.TryPush(l, LuaNative.StringSpan(l, 1), scheduleInput: false, armed != 0 ? ctx : null);
            if (error is not null)
            {
                return Fail(l, error == "not enough memory" ? error : "json.decode: " + error);
            }

            LuaNative.lua_pushboolean(l, 1);
            LuaNative.lua_rotate(l, -2, 1);
            return 2;
        }
        catch (Exception e)
        {
            return Fail(l, "json.decode: internal error: " + e.Message);
        }
        finally
        {
            ctx->Armed = armed;
        }
    }

    private static int Fail(IntPtr l, string message)
    {
        LuaNative.lua_settop(l, 0);
        LuaNative.lua_pushboolean(l, 0);
        LuaNative.PushBytes(l, Encoding.UTF8.GetBytes(message));
        return 2;
    }
}

using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Pushes UTF-8 JSON straight onto the Lua stack: objects become tables, arrays 1-based
/// sequences, integers Lua integers, other numbers floats, strings are copied from the bytes,
/// and <c>null</c> becomes an absent key (an array keeps its index, leaving a hole).
/// Never raises a Lua error: allocation happens with the memory cap disarmed.
/// </summary>
/// <remarks>
/// Members and elements are collected on the Lua stack first and the table is created once their
/// number is known, at its final size: no rehashing while it fills, and no managed allocation per
/// value (strings go from the JSON bytes to <c>lua_pushlstring</c>). A container with more than
/// <see cref="MaxPending"/> members is created early at that size and grows as usual from there,
/// which bounds the stack to <see cref="MaxPending"/> pairs per nesting level.
/// </remarks>
internal static unsafe class LuaJsonPusher
{
    /// <summary>Nesting allowed on input; above the writer's limit so parents (schedules) always fit.</summary>
    public const int MaxDepth = 256;

    /// <summary>Members (or elements) of one container held on the Lua stack before its table is created.</summary>
    internal const int MaxPending = 512;

    private const int StackBuffer = 256;

    private static ReadOnlySpan<byte> ActionsKey => "actions"u8;

    /// <summary>
    /// Pushes one JSON value. With <paramref name="scheduleInput"/>, the keys of the top-level
    /// <c>actions</c> object become Lua integers when they parse as integers. With a non-null
    /// <paramref name="cap"/>, stops with "not enough memory" once the state holds more than its cap.
    /// </summary>
    /// <returns>null on success (one value pushed), else an error message (stack unchanged).</returns>
    public static string? TryPush(IntPtr l, ReadOnlySpan<byte> json, bool scheduleInput, LuaStateContext* cap = null)
    {
        var top = LuaNative.lua_gettop(l);
        try
        {
            if (LuaNative.lua_checkstack(l, 4) == 0)
            {
                throw new LuaConversionException("Lua stack exhausted");
            }

            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
            if (!reader.Read())
            {
                throw new LuaConversionException("empty JSON input");
            }

            PushValue(l, ref reader, scheduleInput ? Nesting.Input : Nesting.Plain, cap);
            if (reader.Read())
            {
                throw new LuaConversionException("unexpected data after the JSON value");
            }

            return null;
        }
        catch (Exception e) when (e is JsonException or LuaConversionException)
        {
            LuaNative.lua_settop(l, top);
            return e.Message;
        }
    }

    private enum Nesting
    {
        Plain,
        Input,
        Actions,
    }

    private static void PushValue(IntPtr l, ref Utf8JsonReader reader, Nesting nesting, LuaStateContext* cap)
    {
        if (cap is not null && cap->Used > cap->Limit)
        {
            cap->MemoryExceeded = 1;
            throw new LuaConversionException("not enough memory");
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                PushObject(l, ref reader, nesting, cap);
                break;
            case JsonTokenType.StartArray:
                PushArray(l, ref reader, cap);
                break;
            case JsonTokenType.String:
                PushText(l, ref reader, integerKey: false);
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var integer))
                {
                    LuaNative.lua_pushinteger(l, integer);
                }
                else if (reader.TryGetDouble(out var number))
                {
                    LuaNative.lua_pushnumber(l, number);
                }
                else
                {
                    throw new LuaConversionException("number out of range: " + System.Text.Encoding.UTF8.GetString(reader.ValueSpan));
                }

                break;
            case JsonTokenType.True:
                LuaNative.lua_pushboolean(l, 1);
                break;
            case JsonTokenType.False:
                LuaNative.lua_pushboolean(l, 0);
                break;
            default:
                LuaNative.lua_pushnil(l);
                break;
        }
    }

    /// <summary>Room for a container's pending values, its table and one more value, checked once per container.</summary>
    private static void ReserveStack(IntPtr l)
    {
        if (LuaNative.lua_checkstack(l, (2 * MaxPending) + 4) == 0)
        {
            throw new LuaConversionException("JSON nested too deeply for the Lua stack");
        }
    }

    private static void PushObject(IntPtr l, ref Utf8JsonReader reader, Nesting nesting, LuaStateContext* cap)
    {
        // Pending key/value pairs sit above 'bottom'; once the table exists it is at bottom + 1.
        ReserveStack(l);
        var bottom = LuaNative.lua_gettop(l);
        var pending = 0;
        var created = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var child = nesting == Nesting.Input && reader.ValueTextEquals(ActionsKey) ? Nesting.Actions : Nesting.Plain;
            PushText(l, ref reader, nesting == Nesting.Actions);
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                LuaNative.Pop(l, 1);
                continue;
            }

            PushValue(l, ref reader, child, cap);
            if (created)
            {
                LuaNative.lua_rawset(l, bottom + 1);
            }
            else if (++pending == MaxPending)
            {
                CreateObject(l, bottom, pending);
                created = true;
            }
        }

        if (!created)
        {
            CreateObject(l, bottom, pending);
        }
    }

    /// <summary>Replaces the <paramref name="count"/> pairs above <paramref name="bottom"/> with a table holding them.</summary>
    private static void CreateObject(IntPtr l, int bottom, int count)
    {
        LuaNative.lua_createtable(l, 0, count);
        var table = LuaNative.lua_gettop(l);

        // Set in document order, so a repeated key keeps its last value.
        for (var i = 0; i < count; i++)
        {
            LuaNative.lua_pushvalue(l, bottom + 1 + (2 * i));
            LuaNative.lua_pushvalue(l, bottom + 2 + (2 * i));
            LuaNative.lua_rawset(l, table);
        }

        LuaNative.lua_copy(l, table, bottom + 1);
        LuaNative.lua_settop(l, bottom + 1);
    }

    private static void PushArray(IntPtr l, ref Utf8JsonReader reader, LuaStateContext* cap)
    {
        // Pending elements (nil for null) sit above 'bottom'; once the table exists it is at bottom + 1.
        ReserveStack(l);
        var bottom = LuaNative.lua_gettop(l);
        long index = 0;
        var created = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            index++;
            if (created)
            {
                if (reader.TokenType != JsonTokenType.Null)
                {
                    PushValue(l, ref reader, Nesting.Plain, cap);
                    LuaNative.lua_rawseti(l, bottom + 1, index);
                }

                continue;
            }

            // null pushes nil: it keeps its index, and storing nil leaves the hole.
            PushValue(l, ref reader, Nesting.Plain, cap);
            if (index == MaxPending)
            {
                CreateArray(l, bottom, (int)index);
                created = true;
            }
        }

        if (!created)
        {
            CreateArray(l, bottom, (int)index);
        }
    }

    /// <summary>Replaces the <paramref name="count"/> values above <paramref name="bottom"/> with a sequence of them.</summary>
    private static void CreateArray(IntPtr l, int bottom, int count)
    {
        LuaNative.lua_createtable(l, count, 0);
        LuaNative.lua_rotate(l, bottom + 1, 1);
        for (var i = count; i >= 1; i--)
        {
            LuaNative.lua_rawseti(l, bottom + 1, i);
        }
    }

    /// <summary>Pushes a string value or property name, unescaped, as a Lua string (or integer key).</summary>
    private static void PushText(IntPtr l, ref Utf8JsonReader reader, bool integerKey)
    {
        if (!reader.ValueIsEscaped)
        {
            PushTextBytes(l, reader.ValueSpan, integerKey);
            return;
        }

        byte[]? rented = null;
        var length = reader.ValueSpan.Length;
        var buffer = length <= StackBuffer ? stackalloc byte[StackBuffer] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            PushTextBytes(l, buffer[..reader.CopyString(buffer)], integerKey);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static void PushTextBytes(IntPtr l, ReadOnlySpan<byte> key, bool integerKey)
    {
        if (integerKey && Utf8Parser.TryParse(key, out long id, out var consumed) && consumed == key.Length)
        {
            LuaNative.lua_pushinteger(l, id);
        }
        else
        {
            LuaNative.PushBytes(l, key);
        }
    }
}

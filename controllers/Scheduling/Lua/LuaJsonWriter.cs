using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Writes a Lua value as JSON with raw table access only (<c>lua_next</c>, <c>lua_rawget</c>), so no
/// script code runs and nothing can raise. Tables whose keys are exactly 1..n become arrays, every
/// other table (the empty one included) an object with sorted keys; integer keys are written as
/// strings; integers and floats stay apart (a float 1.0 is written <c>1.0</c>); NaN and infinities
/// become <c>null</c>. Functions, userdata, cycles and nesting deeper than <see cref="MaxDepth"/> fail.
/// </summary>
internal sealed unsafe class LuaJsonWriter
{
    public const int MaxDepth = 200;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth + 1,
    };

    private readonly IntPtr _l;
    private readonly Utf8JsonWriter _writer;
    private readonly HashSet<IntPtr> _open = [];
    private readonly List<string> _path = [];

    private LuaJsonWriter(IntPtr l, Utf8JsonWriter writer)
    {
        _l = l;
        _writer = writer;
    }

    /// <summary>The value at <paramref name="idx"/> as UTF-8 JSON; the stack is left as it was.</summary>
    /// <exception cref="LuaConversionException">The value has no JSON form; the message names the key path.</exception>
    public static byte[] Write(IntPtr l, int idx)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var top = LuaNative.lua_gettop(l);
        try
        {
            using var writer = new Utf8JsonWriter(buffer, Options);
            new LuaJsonWriter(l, writer).WriteValue(LuaNative.lua_absindex(l, idx), 0);
            writer.Flush();
        }
        finally
        {
            LuaNative.lua_settop(l, top);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private string Path => _path.Count == 0 ? "the top level" : string.Concat(_path);

    private void WriteValue(int idx, int depth)
    {
        var type = LuaNative.lua_type(_l, idx);
        switch (type)
        {
            case LuaNative.TNil:
                _writer.WriteNullValue();
                break;
            case LuaNative.TBoolean:
                _writer.WriteBooleanValue(LuaNative.lua_toboolean(_l, idx) != 0);
                break;
            case LuaNative.TNumber:
                WriteNumber(idx);
                break;
            case LuaNative.TString:
                WriteString(idx);
                break;
            case LuaNative.TTable:
                WriteTable(idx, depth);
                break;
            default:
                throw new LuaConversionException($"cannot convert a {LuaNative.TypeName(type)} value to JSON (at {Path})");
        }
    }

    private void WriteString(int idx)
    {
        var text = LuaNative.StringSpan(_l, idx);
        if (!Utf8.IsValid(text))
        {
            throw new LuaConversionException($"string is not valid UTF-8 (at {Path})");
        }

        _writer.WriteStringValue(text);
    }

    private void WriteNumber(int idx)
    {
        if (LuaNative.lua_isinteger(_l, idx) != 0)
        {
            _writer.WriteNumberValue(LuaNative.lua_tointegerx(_l, idx, null));
            return;
        }

        var value = LuaNative.lua_tonumberx(_l, idx, null);
        if (!double.IsFinite(value))
        {
            _writer.WriteNullValue();
            return;
        }

        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, "R", CultureInfo.InvariantCulture);
        if (text[..length].IndexOfAny(".eE"u8) < 0)
        {
            ".0"u8.CopyTo(text[length..]);
            length += 2;
        }

        _writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    private void WriteTable(int idx, int depth)
    {
        if (depth >= MaxDepth)
        {
            throw new LuaConversionException($"tables nested deeper than {MaxDepth} levels (at {Path})");
        }

        var identity = LuaNative.lua_topointer(_l, idx);
        if (!_open.Add(identity))
        {
            throw new LuaConversionException($"table contains itself (at {Path})");
        }

        if (LuaNative.lua_checkstack(_l, 4) == 0)
        {
            throw new LuaConversionException($"Lua stack exhausted (at {Path})");
        }

        var keys = CollectKeys(idx, out var isArray);
        if (isArray)
        {
            WriteArray(idx, keys.Count, depth);
        }
        else
        {
            WriteObject(idx, keys, depth);
        }

        _open.Remove(identity);
    }

    private List<LuaJsonKey> CollectKeys(int idx, out bool isArray)
    {
        var keys = new List<LuaJsonKey>();
        long maxInteger = 0;
        var integersOnly = true;
        LuaNative.lua_pushnil(_l);
        while (LuaNative.lua_next(_l, idx) != 0)
        {
            var keyType = LuaNative.lua_type(_l, -2);
            if (keyType == LuaNative.TNumber && LuaNative.lua_isinteger(_l, -2) != 0)
            {
                var key = LuaNative.lua_tointegerx(_l, -2, null);
                keys.Add(new LuaJsonKey(Encoding.ASCII.GetBytes(key.ToString(CultureInfo.InvariantCulture)), key));
                integersOnly &= key >= 1;
                maxInteger = Math.Max(maxInteger, key);
            }
            else if (keyType == LuaNative.TString)
            {
                keys.Add(new LuaJsonKey(LuaNative.StringSpan(_l, -2).ToArray(), null));
                integersOnly = false;
            }
            else
            {
                var name = keyType == LuaNative.TNumber ? "non-integer number" : LuaNative.TypeName(keyType);
                throw new LuaConversionException($"cannot convert a table with a {name} key to JSON (at {Path})");
            }

            LuaNative.Pop(_l, 1);
        }

        isArray = keys.Count > 0 && integersOnly && maxInteger == keys.Count;
        return keys;
    }

    private void WriteArray(int idx, int count, int depth)
    {
        _writer.WriteStartArray();
        for (var i = 1; i <= count; i++)
        {
            _ = LuaNative.lua_rawgeti(_l, idx, i);
            _path.Add($"[{i}]");
            WriteValue(LuaNative.lua_gettop(_l), depth + 1);
            _path.RemoveAt(_path.Count - 1);
            LuaNative.Pop(_l, 1);
        }

        _writer.WriteEndArray();
    }

    private void WriteObject(int idx, List<LuaJsonKey> keys, int depth)
    {
        keys.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
        _writer.WriteStartObject();
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var name = Encoding.UTF8.GetString(key.Name);
            if (i > 0 && keys[i - 1].Name.AsSpan().SequenceEqual(key.Name))
            {
                throw new LuaConversionException($"key \"{name}\" appears both as an integer and as a string (at {Path})");
            }

            _path.Add(_path.Count == 0 ? name : "." + name);
            if (!Utf8.IsValid(key.Name))
            {
                throw new LuaConversionException($"key is not valid UTF-8 (at {Path})");
            }

            _writer.WritePropertyName(key.Name);

            if (key.Integer is { } integer)
            {
                LuaNative.lua_pushinteger(_l, integer);
            }
            else
            {
                LuaNative.PushBytes(_l, key.Name);
            }

            _ = LuaNative.lua_rawget(_l, idx);
            WriteValue(LuaNative.lua_gettop(_l), depth + 1);
            LuaNative.Pop(_l, 1);
            _path.RemoveAt(_path.Count - 1);
        }

        _writer.WriteEndObject();
    }
}

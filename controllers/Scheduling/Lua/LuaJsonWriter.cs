using System.Buffers;
using System.Buffers.Text;
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
/// <remarks>
/// One pass of <c>lua_next</c> per table collects its entries into a reused array: keys and string
/// values as pointers into the Lua strings (they cannot move or die while the table is on the stack),
/// other scalars by value, and nested tables kept on the Lua stack. Keys are sorted as UTF-8 bytes
/// (ordinal, like serde_json's maps). Nothing is allocated per value on the managed heap; the output
/// buffer, the entry array and the JSON writer are reused across calls (one set per thread).
/// </remarks>
internal sealed unsafe partial class LuaJsonWriter : IDisposable
{
    public const int MaxDepth = 200;

    /// <summary>A writer whose buffers grew beyond these is dropped after use instead of cached.</summary>
    private const int RetainedBufferBytes = 8 * 1024 * 1024;

    private const int RetainedEntries = 64 * 1024;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = MaxDepth + 1,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static LuaJsonWriter? t_cached;

    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly KeyComparer _comparer = new();
    private readonly Utf8JsonWriter _writer;

    /// <summary>The tables being written, by depth, to find cycles.</summary>
    private readonly IntPtr[] _open = new IntPtr[MaxDepth + 1];

    /// <summary>How the value at depth d + 1 is reached from its table at depth d, for error messages.</summary>
    private readonly PathSegment[] _path = new PathSegment[MaxDepth + 1];

    /// <summary>Entries of the tables being written; each open table owns a range, nested ones above it.</summary>
    private Entry[] _entries = new Entry[256];
    private int _entryTop;

    /// <summary>Decimal names of integer keys of objects, referenced by offset.</summary>
    private byte[] _names = new byte[256];
    private int _nameTop;

    private IntPtr _l;

    private LuaJsonWriter() => _writer = new Utf8JsonWriter(_buffer, Options);

    /// <summary>The value at <paramref name="idx"/> as UTF-8 JSON; the stack is left as it was.</summary>
    /// <exception cref="LuaConversionException">The value has no JSON form; the message names the key path.</exception>
    public static byte[] Write(IntPtr l, int idx)
    {
        var writer = Rent();
        try
        {
            var json = writer.Serialize(l, idx);
            var copy = GC.AllocateUninitializedArray<byte>(json.Length);
            json.CopyTo(copy);
            return copy;
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>Takes this thread's cached writer (or a new one); give it back with <see cref="Return"/>.</summary>
    public static LuaJsonWriter Rent()
    {
        var writer = t_cached ?? new LuaJsonWriter();
        t_cached = null;
        return writer;
    }

    public static void Return(LuaJsonWriter writer)
    {
        if (writer._buffer.Capacity <= RetainedBufferBytes && writer._entries.Length <= RetainedEntries)
        {
            t_cached = writer;
        }
        else
        {
            writer.Dispose();
        }
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// The value at <paramref name="idx"/> as UTF-8 JSON, in this writer's buffer: valid until the
    /// writer is used again or returned. The stack is left as it was.
    /// </summary>
    /// <exception cref="LuaConversionException">The value has no JSON form; the message names the key path.</exception>
    public ReadOnlySpan<byte> Serialize(IntPtr l, int idx)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        _entryTop = 0;
        _nameTop = 0;
        _l = l;
        var top = LuaNative.lua_gettop(l);
        try
        {
            var root = LuaNative.lua_absindex(l, idx);
            var type = LuaNative.lua_type(l, root);
            var entry = new Entry { Type = type };
            if (type == LuaNative.TTable)
            {
                entry.Slot = root;
            }
            else
            {
                CaptureScalar(ref entry, root);
            }

            WriteValue(in entry, 0);
            _writer.Flush();
        }
        finally
        {
            LuaNative.lua_settop(l, top);
            _l = 0;
        }

        return _buffer.WrittenSpan;
    }

    private static ReadOnlySpan<byte> Bytes(byte* pointer, int length) => new(pointer, length);

    /// <summary>Reads a non-table value at <paramref name="idx"/> into <paramref name="entry"/> (its type is set).</summary>
    private void CaptureScalar(ref Entry entry, int idx)
    {
        switch (entry.Type)
        {
            case LuaNative.TBoolean:
                entry.Bits = LuaNative.lua_toboolean(_l, idx);
                break;
            case LuaNative.TNumber:
                if (LuaNative.lua_isinteger(_l, idx) != 0)
                {
                    entry.Bits = LuaNative.lua_tointegerx(_l, idx, null);
                    entry.IsInteger = true;
                }
                else
                {
                    entry.Bits = BitConverter.DoubleToInt64Bits(LuaNative.lua_tonumberx(_l, idx, null));
                }

                break;
            case LuaNative.TString:
                nuint length;
                entry.Text = LuaNative.lua_tolstring(_l, idx, &length);
                entry.TextLength = checked((int)length);
                break;
        }
    }

    private void WriteValue(in Entry entry, int depth)
    {
        switch (entry.Type)
        {
            case LuaNative.TNil:
                _writer.WriteNullValue();
                break;
            case LuaNative.TBoolean:
                _writer.WriteBooleanValue(entry.Bits != 0);
                break;
            case LuaNative.TNumber:
                WriteNumber(in entry);
                break;
            case LuaNative.TString:
                var text = Bytes(entry.Text, entry.TextLength);
                if (!Utf8.IsValid(text))
                {
                    throw new LuaConversionException($"string is not valid UTF-8 (at {Path(depth)})");
                }

                _writer.WriteStringValue(text);
                break;
            case LuaNative.TTable:
                WriteTable(entry.Slot, depth);
                break;
            default:
                throw new LuaConversionException($"cannot convert a {LuaNative.TypeName(entry.Type)} value to JSON (at {Path(depth)})");
        }
    }

    private void WriteNumber(in Entry entry)
    {
        if (entry.IsInteger)
        {
            _writer.WriteNumberValue(entry.Bits);
            return;
        }

        var value = BitConverter.Int64BitsToDouble(entry.Bits);
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
            throw new LuaConversionException($"tables nested deeper than {MaxDepth} levels (at {Path(depth)})");
        }

        var identity = LuaNative.lua_topointer(_l, idx);
        if (_open.AsSpan(0, depth).Contains(identity))
        {
            throw new LuaConversionException($"table contains itself (at {Path(depth)})");
        }

        if (LuaNative.lua_checkstack(_l, 4) == 0)
        {
            throw new LuaConversionException($"Lua stack exhausted (at {Path(depth)})");
        }

        _open[depth] = identity;
        var top = LuaNative.lua_gettop(_l);
        var start = _entryTop;
        var names = _nameTop;
        var count = Collect(idx, depth, out var isArray);
        if (isArray)
        {
            WriteArray(idx, start, count, depth);
        }
        else
        {
            WriteObject(idx, start, count, depth);
        }

        _entryTop = start;
        _nameTop = names;
        LuaNative.lua_settop(_l, top);
    }

    /// <summary>
    /// Appends the entries of the table at <paramref name="idx"/> to <see cref="_entries"/>; its
    /// table values stay on the Lua stack (each entry knows its slot).
    /// </summary>
    private int Collect(int idx, int depth, out bool isArray)
    {
        long maxInteger = 0;
        var integersOnly = true;
        var count = 0;
        var key = LuaNative.lua_gettop(_l) + 1;
        LuaNative.lua_pushnil(_l);
        while (LuaNative.lua_next(_l, idx) != 0)
        {
            // The key is at 'key', the value above it.
            var entry = default(Entry);
            var keyType = LuaNative.lua_type(_l, key);
            if (keyType == LuaNative.TNumber && LuaNative.lua_isinteger(_l, key) != 0)
            {
                entry.IntegerKey = LuaNative.lua_tointegerx(_l, key, null);
                integersOnly &= entry.IntegerKey >= 1;
                maxInteger = Math.Max(maxInteger, entry.IntegerKey);
            }
            else if (keyType == LuaNative.TString)
            {
                nuint length;
                entry.Key = LuaNative.lua_tolstring(_l, key, &length);
                entry.KeyLength = checked((int)length);
                integersOnly = false;
            }
            else
            {
                var name = keyType == LuaNative.TNumber ? "non-integer number" : LuaNative.TypeName(keyType);
                throw new LuaConversionException($"cannot convert a table with a {name} key to JSON (at {Path(depth)})");
            }

            entry.Type = LuaNative.lua_type(_l, key + 1);
            if (entry.Type == LuaNative.TTable && LuaNative.lua_checkstack(_l, 3) != 0)
            {
                // Keep the value where the key was, and the key above it for lua_next.
                LuaNative.lua_rotate(_l, key, 1);
                entry.Slot = key;
                key++;
            }
            else
            {
                // A table that did not fit on the stack (Slot 0) is looked up again by its key.
                CaptureScalar(ref entry, key + 1);
                LuaNative.lua_settop(_l, key);
            }

            if (_entryTop == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length * 2);
            }

            _entries[_entryTop++] = entry;
            count++;
        }

        isArray = count > 0 && integersOnly && maxInteger == count;
        return count;
    }

    private void WriteArray(int idx, int start, int count, int depth)
    {
        // The keys are exactly 1..count: put each entry at its index.
        var entries = _entries.AsSpan(start, count);
        for (var i = 0; i < entries.Length; i++)
        {
            while (entries[i].IntegerKey != i + 1)
            {
                var target = (int)entries[i].IntegerKey - 1;
                (entries[i], entries[target]) = (entries[target], entries[i]);
            }
        }

        _writer.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            _path[depth] = new PathSegment(PathKind.Index, i + 1, null, 0);
            WriteEntryValue(idx, start + i, depth + 1);
        }

        _writer.WriteEndArray();
    }

    private void WriteObject(int idx, int start, int count, int depth)
    {
        for (var i = start; i < start + count; i++)
        {
            if (_entries[i].Key is null)
            {
                NameIntegerKey(ref _entries[i]);
            }
        }

        var entries = _entries.AsSpan(start, count);
        SortByName(entries);
        for (var i = 1; i < entries.Length; i++)
        {
            if (KeyName(in entries[i - 1]).SequenceEqual(KeyName(in entries[i])))
            {
                throw new LuaConversionException(
                    $"key \"{Encoding.UTF8.GetString(KeyName(in entries[i]))}\" appears both as an integer and as a string (at {Path(depth)})");
            }
        }

        _writer.WriteStartObject();
        for (var i = start; i < start + count; i++)
        {
            var entry = _entries[i];
            _path[depth] = entry.Key is null
                ? new PathSegment(PathKind.IntegerName, entry.IntegerKey, null, 0)
                : new PathSegment(PathKind.Name, 0, entry.Key, entry.KeyLength);
            var name = KeyName(in entry);
            if (entry.Key is not null && !Utf8.IsValid(name))
            {
                throw new LuaConversionException($"key is not valid UTF-8 (at {Path(depth + 1)})");
            }

            _writer.WritePropertyName(name);
            WriteEntryValue(idx, i, depth + 1);
        }

        _writer.WriteEndObject();
    }

    private void WriteEntryValue(int table, int index, int depth)
    {
        // A copy: writing a nested table may grow (move) the entry array.
        var entry = _entries[index];
        if (entry.Type != LuaNative.TTable || entry.Slot != 0)
        {
            WriteValue(in entry, depth);
            return;
        }

        if (entry.Key is null)
        {
            _ = LuaNative.lua_rawgeti(_l, table, entry.IntegerKey);
        }
        else
        {
            _ = LuaNative.lua_pushlstring(_l, entry.Key, (nuint)entry.KeyLength);
            _ = LuaNative.lua_rawget(_l, table);
        }

        entry.Slot = LuaNative.lua_gettop(_l);
        WriteValue(in entry, depth);
        LuaNative.Pop(_l, 1);
    }

    private void NameIntegerKey(ref Entry entry)
    {
        if (_nameTop + 20 > _names.Length)
        {
            Array.Resize(ref _names, Math.Max(_names.Length * 2, _nameTop + 20));
        }

        Utf8Formatter.TryFormat(entry.IntegerKey, _names.AsSpan(_nameTop), out var written);
        entry.NameOffset = _nameTop;
        entry.KeyLength = written;
        _nameTop += written;
    }

    /// <summary>Sorts entries by key name as UTF-8 bytes: insertion sort for the usual small tables.</summary>
    private void SortByName(Span<Entry> entries)
    {
        if (entries.Length > 16)
        {
            _comparer.Names = _names;
            entries.Sort(_comparer);
            return;
        }

        for (var i = 1; i < entries.Length; i++)
        {
            var entry = entries[i];
            var name = KeyName(in entry);
            var j = i - 1;
            while (j >= 0 && KeyName(in entries[j]).SequenceCompareTo(name) > 0)
            {
                entries[j + 1] = entries[j];
                j--;
            }

            entries[j + 1] = entry;
        }
    }

    private ReadOnlySpan<byte> KeyName(in Entry entry) =>
        entry.Key is not null ? Bytes(entry.Key, entry.KeyLength) : _names.AsSpan(entry.NameOffset, entry.KeyLength);

    /// <summary>The key path of the value at <paramref name="depth"/>, like <c>a[1].x</c>.</summary>
    private string Path(int depth)
    {
        if (depth == 0)
        {
            return "the top level";
        }

        var path = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            var segment = _path[i];
            if (segment.Kind == PathKind.Index)
            {
                path.Append('[').Append(segment.Number.ToString(CultureInfo.InvariantCulture)).Append(']');
                continue;
            }

            if (i > 0)
            {
                path.Append('.');
            }

            path.Append(segment.Kind == PathKind.Name
                ? Encoding.UTF8.GetString(Bytes(segment.Key, segment.KeyLength))
                : segment.Number.ToString(CultureInfo.InvariantCulture));
        }

        return path.ToString();
    }
}

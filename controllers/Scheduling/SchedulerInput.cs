using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Verwalter.Scheduling;

/// <summary>
/// The scheduler's input as JSON fields, each held as UTF-8 JSON text: <c>now</c>,
/// <c>current_host</c>, <c>current_id</c>, <c>parents</c> (the data of parent schedules),
/// <c>actions</c> (id → action), <c>runtime</c>, <c>peers</c> and <c>metrics</c>.
/// Fields are written in that order; an override (the CLI's <c>--input</c>) replaces a field whole.
/// </summary>
public sealed class SchedulerInput
{
    public static readonly IReadOnlyList<string> FieldNames =
        ["now", "current_host", "current_id", "parents", "actions", "runtime", "peers", "metrics"];

    private readonly Dictionary<string, byte[]> _fields = new(StringComparer.Ordinal);

    public SchedulerInput(long nowMs, string currentHost, string currentId)
    {
        _fields["now"] = JsonSerializer.SerializeToUtf8Bytes(nowMs);
        _fields["current_host"] = JsonSerializer.SerializeToUtf8Bytes(currentHost);
        _fields["current_id"] = JsonSerializer.SerializeToUtf8Bytes(currentId);
        _fields["parents"] = "[]"u8.ToArray();
        _fields["actions"] = "{}"u8.ToArray();
        _fields["runtime"] = "{}"u8.ToArray();
        _fields["peers"] = "{}"u8.ToArray();
        _fields["metrics"] = "{}"u8.ToArray();
    }

    public SchedulerInput WithParents(IEnumerable<byte[]> parentData)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("["u8);
        var first = true;
        foreach (var data in parentData)
        {
            if (!first)
            {
                buffer.Write(","u8);
            }

            first = false;
            buffer.Write(data);
        }

        buffer.Write("]"u8);
        _fields["parents"] = buffer.WrittenSpan.ToArray();
        return this;
    }

    /// <summary>Sets a field to raw JSON text (validated as one JSON value; the bytes are kept, not copied).</summary>
    /// <exception cref="ArgumentException">Unknown field name.</exception>
    /// <exception cref="JsonException">The text is not one JSON value.</exception>
    public SchedulerInput With(string field, byte[] json)
    {
        if (!FieldNames.Contains(field))
        {
            throw new ArgumentException($"unknown scheduler input field '{field}' (known: {string.Join(", ", FieldNames)})", nameof(field));
        }

        Validate(json);
        _fields[field] = json;
        return this;
    }

    /// <inheritdoc cref="With(string, byte[])"/>
    public SchedulerInput With(string field, ReadOnlySpan<byte> json) => With(field, json.ToArray());

    private static void Validate(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || !reader.TrySkip() || reader.Read())
        {
            throw new JsonException("expected exactly one JSON value");
        }
    }

    public ReadOnlySpan<byte> Get(string field) => _fields[field];

    /// <summary>Replaces every field present in a JSON object (the CLI's <c>--input</c> file).</summary>
    /// <exception cref="FormatException">The object is not an object or names an unknown field.</exception>
    public SchedulerInput Override(ReadOnlySpan<byte> jsonObject)
    {
        using var document = JsonDocument.Parse(jsonObject.ToArray());
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("the input file must hold a JSON object");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!FieldNames.Contains(property.Name))
            {
                throw new FormatException($"unknown scheduler input field '{property.Name}' (known: {string.Join(", ", FieldNames)})");
            }

            _fields[property.Name] = JsonSerializer.SerializeToUtf8Bytes(property.Value);
        }

        return this;
    }

    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(_fields.Values.Sum(v => v.Length) + 128);
        buffer.Write("{"u8);
        for (var i = 0; i < FieldNames.Count; i++)
        {
            if (i > 0)
            {
                buffer.Write(","u8);
            }

            buffer.Write("\""u8);
            buffer.Write(Encoding.UTF8.GetBytes(FieldNames[i]));
            buffer.Write("\":"u8);
            buffer.Write(_fields[FieldNames[i]]);
        }

        buffer.Write("}"u8);
        return buffer.WrittenSpan.ToArray();
    }
}

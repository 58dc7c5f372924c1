using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Verwalter.Scheduling;

/// <summary>
/// The one deterministic text form of a schedule, the input of its hash: object keys sorted by
/// their UTF-8 bytes (a repeated key keeps its last value), no whitespace, integers as integers,
/// other numbers in shortest round-trip form with the placement rules of the original's JSON
/// writer (<c>1.0</c>, <c>0.001</c>, <c>1e-7</c>, <c>1e16</c>), strings escaping only
/// <c>"</c>, <c>\</c> and control characters, everything else raw UTF-8. Parse → write → parse →
/// write gives the same bytes, so a hash survives any number of hops.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 256 };
    private static readonly System.Buffers.SearchValues<byte> AsciiDigits = System.Buffers.SearchValues.Create("0123456789"u8);

    /// <summary>Parses <paramref name="utf8Json"/> and writes it canonically. Throws <see cref="JsonException"/> on invalid JSON.</summary>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = ParseOptions.MaxDepth });
        using var document = JsonDocument.ParseValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("unexpected content after the JSON value");
        }

        return Serialize(document.RootElement);
    }

    public static byte[] Serialize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, JsonMarshal.GetRawUtf8Value(element).Length));
        Write(buffer, element);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Lowercase hex SHA-1 of canonical bytes (40 characters), as schedule hashes are written.</summary>
    public static string Sha1Hex(ReadOnlySpan<byte> canonical)
    {
#pragma warning disable CA5350 // SHA-1 names content here, as in the original; it is not a security boundary.
        return Convert.ToHexStringLower(SHA1.HashData(canonical));
#pragma warning restore CA5350
    }

    private static void Write(ArrayBufferWriter<byte> output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(output, element);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Write(","u8);
                    }

                    first = false;
                    Write(output, item);
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                var raw = JsonMarshal.GetRawUtf8Value(element);
                if (raw.IndexOf((byte)'\\') < 0)
                {
                    output.Write(raw); // no escapes: the raw token (quotes included) is already canonical
                }
                else
                {
                    WriteString(output, element.GetString()!);
                }

                break;
            case JsonValueKind.Number:
                WriteNumber(output, JsonMarshal.GetRawUtf8Value(element));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            default:
                output.Write("null"u8);
                break;
        }
    }

    private static void WriteNumber(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> raw)
    {
        // Fast path: a plain integer literal of at most 18 digits is already canonical (except "-0").
        var digits = raw.Length > 0 && raw[0] == (byte)'-' ? raw[1..] : raw;
        if (digits.Length is > 0 and <= 18 && !digits.ContainsAnyExcept(AsciiDigits) && !raw.SequenceEqual("-0"u8))
        {
            output.Write(raw);
            return;
        }

        output.Write(Encoding.UTF8.GetBytes(FormatNumber(Encoding.UTF8.GetString(raw))));
    }

    private static void WriteObject(ArrayBufferWriter<byte> output, JsonElement element)
    {
        var members = new List<(JsonProperty Property, int Index)>();
        var escaped = false;
        foreach (var property in element.EnumerateObject())
        {
            escaped |= JsonMarshal.GetRawUtf8PropertyName(property).IndexOf((byte)'\\') >= 0;
            members.Add((property, members.Count));
        }

        if (escaped)
        {
            WriteObjectWithEscapedNames(output, members.Select(m => m.Property));
            return;
        }

        // Sort by the names' UTF-8 bytes, then by position so that of repeated names the last one wins.
        members.Sort(static (a, b) =>
        {
            var byName = JsonMarshal.GetRawUtf8PropertyName(a.Property).SequenceCompareTo(JsonMarshal.GetRawUtf8PropertyName(b.Property));
            return byName != 0 ? byName : a.Index.CompareTo(b.Index);
        });
        output.Write("{"u8);
        var first = true;
        for (var i = 0; i < members.Count; i++)
        {
            var name = JsonMarshal.GetRawUtf8PropertyName(members[i].Property);
            if (i + 1 < members.Count && name.SequenceEqual(JsonMarshal.GetRawUtf8PropertyName(members[i + 1].Property)))
            {
                continue;
            }

            if (!first)
            {
                output.Write(","u8);
            }

            first = false;
            output.Write("\""u8);
            output.Write(name);
            output.Write("\":"u8);
            Write(output, members[i].Property.Value);
        }

        output.Write("}"u8);
    }

    private static void WriteObjectWithEscapedNames(ArrayBufferWriter<byte> output, IEnumerable<JsonProperty> properties)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in properties)
        {
            members[property.Name] = property.Value;
        }

        var keys = members.Keys.Select(k => (Key: k, Bytes: Encoding.UTF8.GetBytes(k))).ToList();
        keys.Sort((a, b) => a.Bytes.AsSpan().SequenceCompareTo(b.Bytes));
        output.Write("{"u8);
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0)
            {
                output.Write(","u8);
            }

            WriteString(output, keys[i].Key);
            output.Write(":"u8);
            Write(output, members[keys[i].Key]);
        }

        output.Write("}"u8);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
        output.Write(Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Formats a JSON number literal canonically.</summary>
    internal static string FormatNumber(string raw)
    {
        var isInteger = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
        if (isInteger)
        {
            var big = BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (big >= long.MinValue && big <= ulong.MaxValue)
            {
                return big.ToString(CultureInfo.InvariantCulture);
            }
        }

        return FormatDouble(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    /// <summary>Shortest round-trip digits, placed as the original's writer places them.</summary>
    internal static string FormatDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            return "null";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var (negative, digits, exponent) = Decompose(value);
        var length = digits.Length;
        var point = length + exponent; // position of the decimal point counted from the first digit
        var sb = new StringBuilder(32);
        if (negative)
        {
            sb.Append('-');
        }

        if (exponent >= 0 && point <= 16)
        {
            sb.Append(digits).Append('0', exponent).Append(".0");
        }
        else if (point > 0 && point <= 16)
        {
            sb.Append(digits, 0, point).Append('.').Append(digits, point, length - point);
        }
        else if (point > -5 && point <= 0)
        {
            sb.Append("0.").Append('0', -point).Append(digits);
        }
        else if (length == 1)
        {
            sb.Append(digits).Append('e').Append((point - 1).ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            sb.Append(digits[0]).Append('.').Append(digits, 1, length - 1).Append('e')
                .Append((point - 1).ToString(CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    private static (bool Negative, string Digits, int Exponent) Decompose(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0)
        {
            exponent -= text.Length - dot - 1;
            text = text.Remove(dot, 1);
        }

        text = text.TrimStart('0');
        var trimmed = text.TrimEnd('0');
        exponent += text.Length - trimmed.Length;
        return (negative, trimmed, exponent);
    }
}

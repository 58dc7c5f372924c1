using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Verwalter.Benchmarks;

/// <summary>Writes JSON as a Lua table constructor (nulls dropped, top-level action keys as integers), for the reference run.</summary>
internal static class LuaLiteral
{
    public static string From(JsonElement element)
    {
        var sb = new StringBuilder(1 << 20);
        sb.Append("return ");
        Write(sb, element, topLevel: true);
        sb.Append('\n');
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonElement e, bool topLevel = false)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                sb.Append('{');
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.Null)
                    {
                        continue;
                    }

                    if (topLevel && p.Name == "actions")
                    {
                        sb.Append("actions={");
                        foreach (var a in p.Value.EnumerateObject())
                        {
                            sb.Append('[').Append(a.Name).Append("]=");
                            Write(sb, a.Value);
                            sb.Append(',');
                        }

                        sb.Append("},");
                        continue;
                    }

                    sb.Append('[');
                    Quote(sb, p.Name);
                    sb.Append("]=");
                    Write(sb, p.Value);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('{');
                foreach (var item in e.EnumerateArray())
                {
                    Write(sb, item);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case JsonValueKind.String:
                Quote(sb, e.GetString()!);
                break;
            case JsonValueKind.Number:
                sb.Append(e.TryGetInt64(out var l) ? l.ToString(CultureInfo.InvariantCulture) : e.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("nil");
                break;
        }
    }

    private static void Quote(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        sb.Append('"');
    }
}

using System.Collections;
using System.Globalization;
using System.Text;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// Tera's view of the plain CLR values templates see (string, long, double, bool, null,
/// <see cref="IDictionary{TKey, TValue}"/> of string, <see cref="IList"/>): truthiness, output
/// text, equality and ordering, JSON. Maps are always taken in ordinal key order, as Tera's maps are.
/// </summary>
internal static class TeraValues
{
    public static bool IsNumber(object? value) => value is long or int or double;

    public static double ToDouble(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        _ => throw new InvalidOperationException($"not a number: {TypeName(value)}"),
    };

    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s => s.Length > 0,
        IDictionary<string, object?> map => map.Count > 0,
        IList list => list.Count > 0,
        _ => true,
    };

    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "a boolean",
        long or int => "an integer",
        double => "a float",
        string => "a string",
        IDictionary<string, object?> => "an object",
        IList => "an array",
        _ => value.GetType().Name,
    };

    /// <summary>How <c>{{ value }}</c> prints: arrays as <c>[a, b]</c>, objects as <c>[object]</c>, null as nothing.</summary>
    public static string Render(object? value)
    {
        switch (value)
        {
            case null:
                return string.Empty;
            case string s:
                return s;
            case bool b:
                return b ? "true" : "false";
            case long or int:
                return Convert.ToString(value, CultureInfo.InvariantCulture)!;
            case double d:
                return FormatFloat(d);
            case IDictionary<string, object?>:
                return "[object]";
            case IList list:
                var text = new StringBuilder("[");
                for (var i = 0; i < list.Count; i++)
                {
                    text.Append(i > 0 ? ", " : string.Empty).Append(Render(list[i]));
                }

                return text.Append(']').ToString();
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    /// <summary>A float as Tera prints it: shortest round-trip digits, always with a fraction (<c>2.0</c>).</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d) || double.IsInfinity(d))
        {
            return d.ToString(CultureInfo.InvariantCulture);
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    public static new bool Equals(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return ToDouble(a) == ToDouble(b);
        }

        switch (a, b)
        {
            case (null, null):
                return true;
            case (string x, string y):
                return string.Equals(x, y, StringComparison.Ordinal);
            case (bool x, bool y):
                return x == y;
            case (IDictionary<string, object?> x, IDictionary<string, object?> y):
                return x.Count == y.Count && x.All(e => y.TryGetValue(e.Key, out var other) && Equals(e.Value, other));
            case (IList x, IList y):
                return x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => Equals(x[i], y[i]));
            default:
                return false;
        }
    }

    /// <summary>Orders two numbers or two strings; null when they cannot be compared.</summary>
    public static int? Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
        {
            return ToDouble(a).CompareTo(ToDouble(b));
        }

        return (a, b) switch
        {
            (string x, string y) => string.CompareOrdinal(x, y),
            (bool x, bool y) => x.CompareTo(y),
            _ => null,
        };
    }

    public static IEnumerable<KeyValuePair<string, object?>> Sorted(IDictionary<string, object?> map) =>
        map.OrderBy(e => e.Key, StringComparer.Ordinal);

    /// <summary>JSON text with keys in ordinal order; <paramref name="pretty"/> indents by two spaces.</summary>
    public static string Json(object? value, bool pretty)
    {
        var text = new StringBuilder();
        WriteJson(text, value, pretty, 0);
        return text.ToString();
    }

    private static void WriteJson(StringBuilder text, object? value, bool pretty, int depth)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                WriteJsonString(text, s);
                break;
            case IDictionary<string, object?> map:
                WriteItems(text, Sorted(map).ToList(), pretty, depth, '{', '}', (t, e) =>
                {
                    WriteJson(t, e.Key, pretty, depth + 1);
                    t.Append(pretty ? ": " : ":");
                    WriteJson(t, e.Value, pretty, depth + 1);
                });
                break;
            case IList list:
                WriteItems(text, list.Cast<object?>().ToList(), pretty, depth, '[', ']', (t, e) => WriteJson(t, e, pretty, depth + 1));
                break;
            default:
                text.Append(Render(value));
                break;
        }
    }

    private static void WriteJsonString(StringBuilder text, string s)
    {
        text.Append('"');
        foreach (var c in s)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                < ' ' => text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => text.Append(c),
            };
        }

        text.Append('"');
    }

    private static void WriteItems<T>(StringBuilder text, List<T> items, bool pretty, int depth, char open, char close, Action<StringBuilder, T> write)
    {
        text.Append(open);
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(i > 0 ? "," : string.Empty);
            if (pretty)
            {
                text.Append('\n').Append(' ', 2 * (depth + 1));
            }

            write(text, items[i]);
        }

        if (pretty && items.Count > 0)
        {
            text.Append('\n').Append(' ', 2 * depth);
        }

        text.Append(close);
    }
}

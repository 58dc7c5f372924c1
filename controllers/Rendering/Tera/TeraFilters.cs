using System.Collections;
using System.Globalization;
using System.Text;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// Tera's built-in filters with their named arguments (<c>default</c> is handled by the renderer,
/// since it must see an undefined value). Autoescape is off: <c>safe</c> returns its input.
/// </summary>
internal static class TeraFilters
{
    public static object? Apply(string name, object? input, IReadOnlyDictionary<string, object?> args) => name switch
    {
        "upper" => Text(input).ToUpperInvariant(),
        "lower" => Text(input).ToLowerInvariant(),
        "trim" => Text(input).Trim(),
        "trim_start" => Text(input).TrimStart(),
        "trim_end" => Text(input).TrimEnd(),
        "length" => input switch
        {
            string s => (long)new StringInfo(s).LengthInTextElements,
            IList list => (long)list.Count,
            IDictionary<string, object?> map => (long)map.Count,
            _ => throw new TeraFilterException($"needs a string, an array or an object, got {TeraValues.TypeName(input)}"),
        },
        "join" => string.Join(Str(args, "sep", string.Empty), List(input).Cast<object?>().Select(TeraValues.Render)),
        "replace" => Text(input).Replace(Str(args, "from"), Str(args, "to"), StringComparison.Ordinal),
        "json_encode" => TeraValues.Json(input, args.TryGetValue("pretty", out var p) && p is true),
        "first" => List(input) is { Count: > 0 } f ? f[0] : null,
        "last" => List(input) is { Count: > 0 } l ? l[^1] : null,
        "sort" => Sort(List(input), args.TryGetValue("attribute", out var a) ? a as string : null),
        "unique" => Unique(List(input), !args.TryGetValue("case_sensitive", out var cs) || cs is not true),
        "reverse" => input is string rs ? new string(rs.Reverse().ToArray()) : (object) Enumerable.Reverse(List(input).Cast<object?>()).ToList(),
        "split" => Text(input).Split(Str(args, "pat")).Cast<object?>().ToList(),
        "slice" => Slice(List(input), args),
        "concat" => Concat(List(input), Arg(args, "with")),
        "get" => Get(input, args),
        "round" => Round(input, args),
        "int" => ToInt(input, args),
        "float" => ToFloat(input, args),
        "abs" => input switch { long l => (object)Math.Abs(l), double d => Math.Abs(d), _ => throw NotNumber(input) },
        "truncate" => Truncate(Text(input), Int(args, "length", 255), Str(args, "end", "…")),
        "wordcount" => (long)Text(input).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length,
        "capitalize" => Capitalize(Text(input)),
        "title" => string.Join(string.Empty, SplitWords(Text(input)).Select(w => w.Length > 0 && char.IsLetterOrDigit(w[0]) ? Capitalize(w) : w)),
        "escape" or "escape_xml" => Escape(Text(input)),
        "safe" => input,
        "filesizeformat" => FileSize(input),
        "date" => TeraDates.Format(input, Str(args, "format", "%Y-%m-%d"), args.TryGetValue("timezone", out var tz) ? tz as string : null),
        "urlencode" => UrlEncode(Text(input), "/"),
        "urlencode_strict" => UrlEncode(Text(input), string.Empty),
        "indent" => Indent(Text(input), Str(args, "prefix", "    "), args.TryGetValue("first", out var fi) && fi is true, args.TryGetValue("blank", out var bl) && bl is true),
        "as_str" => TeraValues.Render(input),
        "lines" => Text(input).Split('\n').Select(l => (object?)l.TrimEnd('\r')).ToList(),
        "keys" when input is IDictionary<string, object?> map => TeraValues.Sorted(map).Select(e => (object?)e.Key).ToList(),
        _ => throw new TeraFilterException("unknown filter"),
    };

    private static string Text(object? input) => input as string ?? throw new TeraFilterException($"needs a string, got {TeraValues.TypeName(input)}");

    private static IList List(object? input) => input as IList ?? throw new TeraFilterException($"needs an array, got {TeraValues.TypeName(input)}");

    private static TeraFilterException NotNumber(object? input) => new($"needs a number, got {TeraValues.TypeName(input)}");

    private static object? Arg(IReadOnlyDictionary<string, object?> args, string name) =>
        args.TryGetValue(name, out var value) ? value : throw new TeraFilterException($"needs the argument '{name}'");

    private static string Str(IReadOnlyDictionary<string, object?> args, string name, string? fallback = null) =>
        args.TryGetValue(name, out var value)
            ? value as string ?? throw new TeraFilterException($"argument '{name}' must be a string")
            : fallback ?? throw new TeraFilterException($"needs the argument '{name}'");

    private static int Int(IReadOnlyDictionary<string, object?> args, string name, int fallback) =>
        args.TryGetValue(name, out var value)
            ? value is long l && l is >= int.MinValue and <= int.MaxValue ? (int)l : throw new TeraFilterException($"argument '{name}' must be an integer")
            : fallback;

    private static List<object?> Sort(IList list, string? attribute)
    {
        var items = list.Cast<object?>().ToList();
        object? Key(object? item)
        {
            if (attribute is null)
            {
                return item;
            }

            object? current = item;
            foreach (var part in attribute.Split('.'))
            {
                current = current is IDictionary<string, object?> map && map.TryGetValue(part, out var v)
                    ? v
                    : throw new TeraFilterException($"an item has no attribute '{attribute}'");
            }

            return current;
        }

        var keys = items.Select(Key).ToList();
        if (keys.Count > 0 && keys.Any(k => TeraValues.Compare(keys[0], k) is null))
        {
            throw new TeraFilterException("needs items of one kind: numbers, strings or booleans");
        }

        return items.Select((item, i) => (item, key: keys[i])).OrderBy(e => e.key, Comparer<object?>.Create((x, y) => TeraValues.Compare(x, y)!.Value)).Select(e => e.item).ToList();
    }

    private static List<object?> Unique(IList list, bool ignoreCase)
    {
        var result = new List<object?>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            var key = item is string s ? "s" + (ignoreCase ? s.ToLowerInvariant() : s) : TeraValues.TypeName(item) + TeraValues.Json(item, false);
            if (seen.Add(key))
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static List<object?> Slice(IList list, IReadOnlyDictionary<string, object?> args)
    {
        static int Bound(long value, int count) => (int)Math.Clamp(value < 0 ? count + value : value, 0, count);
        var start = args.TryGetValue("start", out var s) ? Bound(s as long? ?? throw new TeraFilterException("'start' must be an integer"), list.Count) : 0;
        var end = args.TryGetValue("end", out var e) ? Bound(e as long? ?? throw new TeraFilterException("'end' must be an integer"), list.Count) : list.Count;
        return list.Cast<object?>().Skip(start).Take(Math.Max(0, end - start)).ToList();
    }

    private static List<object?> Concat(IList list, object? with)
    {
        var result = list.Cast<object?>().ToList();
        if (with is IList more)
        {
            result.AddRange(more.Cast<object?>());
        }
        else
        {
            result.Add(with);
        }

        return result;
    }

    private static object? Get(object? input, IReadOnlyDictionary<string, object?> args)
    {
        var map = input as IDictionary<string, object?> ?? throw new TeraFilterException($"needs an object, got {TeraValues.TypeName(input)}");
        var key = Str(args, "key");
        return map.TryGetValue(key, out var value) ? value
            : args.TryGetValue("default", out var fallback) ? fallback
            : throw new TeraFilterException($"the object has no key '{key}'");
    }

    private static double Round(object? input, IReadOnlyDictionary<string, object?> args)
    {
        var value = TeraValues.IsNumber(input) ? TeraValues.ToDouble(input) : throw NotNumber(input);
        var factor = Math.Pow(10, Int(args, "precision", 0));
        return Str(args, "method", "common") switch
        {
            "common" => Math.Round(value * factor, MidpointRounding.AwayFromZero) / factor,
            "ceil" => Math.Ceiling(value * factor) / factor,
            "floor" => Math.Floor(value * factor) / factor,
            var other => throw new TeraFilterException($"method must be common, ceil or floor, not '{other}'"),
        };
    }

    private static object? ToInt(object? input, IReadOnlyDictionary<string, object?> args)
    {
        var fallback = args.TryGetValue("default", out var d) ? d : 0L;
        var radix = Int(args, "base", 10);
        switch (input)
        {
            case long:
                return input;
            case double x:
                return (long)Math.Truncate(x);
            case bool b:
                return b ? 1L : 0L;
            case string s:
                var text = s.Trim();
                var negative = text.StartsWith('-');
                text = negative ? text[1..] : text;
                if (radix != 10 && text.Length > 2 && text[0] == '0' && char.ToLowerInvariant(text[1]) is 'x' or 'o' or 'b')
                {
                    text = text[2..];
                }

                try
                {
                    var value = radix == 10 ? long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture) : Convert.ToInt64(text, radix);
                    return negative ? -value : value;
                }
                catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
                {
                    return fallback;
                }

            default:
                return fallback;
        }
    }

    private static object? ToFloat(object? input, IReadOnlyDictionary<string, object?> args) => input switch
    {
        long l => (double)l,
        double => input,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) => x,
        _ => args.TryGetValue("default", out var d) ? d : 0.0,
    };

    private static string Truncate(string text, int length, string end)
    {
        var info = new StringInfo(text);
        return info.LengthInTextElements <= length ? text : info.SubstringByTextElements(0, length) + end;
    }

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant();

    private static IEnumerable<string> SplitWords(string text)
    {
        var start = 0;
        for (var i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || IsWordChar(text[i]) != IsWordChar(text[i - 1]))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '\'';

    private static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#x27;",
                '/' => "&#x2F;",
                _ => c.ToString(),
            });
        }

        return result.ToString();
    }

    private static string FileSize(object? input)
    {
        var bytes = TeraValues.IsNumber(input) ? TeraValues.ToDouble(input) : throw NotNumber(input);
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var unit = 0;
        while (Math.Abs(bytes) >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        var number = unit == 0 ? bytes.ToString("0", CultureInfo.InvariantCulture) : bytes.ToString("0.##", CultureInfo.InvariantCulture);
        return $"{number} {units[unit]}";
    }

    private static string UrlEncode(string text, string keep)
    {
        var result = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || keep.Contains(c, StringComparison.Ordinal))
            {
                result.Append(c);
            }
            else
            {
                result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return result.ToString();
    }

    private static string Indent(string text, string prefix, bool first, bool blank)
    {
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if ((i > 0 || first) && (blank || lines[i].Trim().Length > 0))
            {
                lines[i] = prefix + lines[i];
            }
        }

        return string.Join('\n', lines);
    }
}

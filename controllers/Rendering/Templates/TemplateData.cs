using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Turns the role's variables into what templates are rendered with: plain CLR values
/// (<see cref="Dictionary{TKey, TValue}"/> keeping key order, <see cref="List{T}"/>, string, long,
/// double, bool, null). Handlebars.Net must not see a <see cref="JsonNode"/> directly: it treats a
/// JSON <c>false</c> or <c>0</c> as truthy in <c>{{#if}}</c>.
/// </summary>
public static class TemplateData
{
    /// <summary>Converts <paramref name="node"/>; integers that fit in 64 bits become long, other numbers double.</summary>
    public static object? From(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => FromObject(obj),
        JsonArray array => FromArray(array),
        JsonValue value => FromValue(value),
        _ => throw new ArgumentException($"unexpected JSON node {node.GetType().Name}", nameof(node)),
    };

    private static Dictionary<string, object?> FromObject(JsonObject obj)
    {
        var result = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
        foreach (var (key, value) in obj)
        {
            result[key] = From(value);
        }

        return result;
    }

    private static List<object?> FromArray(JsonArray array)
    {
        var result = new List<object?>(array.Count);
        foreach (var item in array)
        {
            result.Add(From(item));
        }

        return result;
    }

    private static object? FromValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (value.TryGetValue<long>(out var integer))
                {
                    return integer;
                }

                // Other CLR backings (int, double, decimal, a JSON "2.0") go through their JSON text,
                // so "2.0" stays a float and "2" an integer, as in the schedule.
                var text = value.ToJsonString();
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer)
                    ? (object)integer
                    : double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                return null;
            default:
                throw new ArgumentException($"unexpected JSON value kind {value.GetValueKind()}", nameof(value));
        }
    }
}

using System.Collections;
using System.Text.RegularExpressions;

namespace Verwalter.Rendering.Tera;

/// <summary>Tera's built-in tests (<c>x is name(args)</c>); arguments are positional, as in Tera.</summary>
internal static class TeraTests
{
    /// <summary>The test's answer, or null for an unknown test or unfit arguments.</summary>
    public static bool? Run(string name, object? value, bool defined, IReadOnlyList<object?> arguments)
    {
        var first = arguments.Count > 0 ? arguments[0] : null;
        return name switch
        {
            "defined" => defined,
            "undefined" => !defined,
            "iterable" => value is IList or IDictionary<string, object?>,
            "object" => value is IDictionary<string, object?>,
            "string" => value is string,
            "number" => TeraValues.IsNumber(value),
            "odd" when value is long l => l % 2 != 0,
            "even" when value is long l => l % 2 == 0,
            "divisibleby" when value is long l && first is long d && d != 0 => l % d == 0,
            "starting_with" when value is string s && first is string p => s.StartsWith(p, StringComparison.Ordinal),
            "ending_with" when value is string s && first is string p => s.EndsWith(p, StringComparison.Ordinal),
            "containing" when first is not null => value switch
            {
                string s => first is string part && s.Contains(part, StringComparison.Ordinal),
                IDictionary<string, object?> map => first is string key && map.ContainsKey(key),
                IList list => list.Cast<object?>().Any(v => TeraValues.Equals(v, first)),
                _ => null,
            },
            "matching" when value is string s && first is string pattern =>
                Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)),
            _ => null,
        };
    }
}

using System.Text;

namespace Verwalter.Supervision;

/// <summary>
/// <c>@{name}</c> substitution (spec B.2.5): whitespace inside the braces is trimmed, an unclosed
/// <c>@{</c> stays literal, and an unknown name is an error.
/// </summary>
internal static class VariableSubstitution
{
    /// <summary>True when the whole value is <c>@{lithos:pid}</c>, the only place that built-in is allowed.</summary>
    public static bool IsWholePid(string text) =>
        text.Trim() is ['@', '{', .. var inner, '}'] && new string(inner).Trim() == ProcessValidator.PidBuiltin;

    /// <summary>Names referenced in <paramref name="text"/>, in order.</summary>
    public static IEnumerable<string> References(string text)
    {
        var at = 0;
        while ((at = text.IndexOf("@{", at, StringComparison.Ordinal)) >= 0)
        {
            var end = text.IndexOf('}', at + 2);
            if (end < 0)
            {
                yield break;
            }

            yield return text[(at + 2)..end].Trim();
            at = end + 1;
        }
    }

    /// <summary>Replaces every reference; returns false and the first unknown name when one is missing.</summary>
    public static bool TryApply(string text, IReadOnlyDictionary<string, string> values, out string result, out string? unknown)
    {
        var builder = new StringBuilder(text.Length);
        var at = 0;
        unknown = null;
        while (true)
        {
            var start = text.IndexOf("@{", at, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start + 2);
            if (end < 0)
            {
                builder.Append(text, at, text.Length - at);
                result = builder.ToString();
                return true;
            }

            var name = text[(start + 2)..end].Trim();
            if (!values.TryGetValue(name, out var value))
            {
                unknown = name;
                result = text;
                return false;
            }

            builder.Append(text, at, start - at).Append(value);
            at = end + 1;
        }
    }
}

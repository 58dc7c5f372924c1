using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Verwalter.Supervision;

/// <summary>
/// Scalar rules of the quire dialect lithos uses: a plain <c>~</c>/<c>null</c>/empty value means
/// "absent", integers take <c>_</c> separators, the suffixes <c>k M G</c> (powers of 1000) and
/// <c>ki Mi Gi</c> (powers of 1024), and the prefixes <c>0x 0o 0b</c>.
/// </summary>
internal static class QuireScalar
{
    public static bool IsNull(YamlNode? node) =>
        node is null
        || (node is YamlScalarNode scalar && scalar.Tag.IsEmpty
            && scalar.Style is YamlDotNet.Core.ScalarStyle.Plain or YamlDotNet.Core.ScalarStyle.Any
            && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    /// <summary>Parses a quire integer; null when the text is not one.</summary>
    public static long? ParseInteger(string text)
    {
        var s = text.Replace("_", string.Empty, StringComparison.Ordinal).Trim();
        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        long multiplier = 1;
        foreach (var (suffix, factor) in Suffixes)
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.Ordinal))
            {
                s = s[..^suffix.Length];
                multiplier = factor;
                break;
            }
        }

        var (digits, radix) = s switch
        {
            _ when s.StartsWith("0x", StringComparison.Ordinal) => (s[2..], 16),
            _ when s.StartsWith("0o", StringComparison.Ordinal) => (s[2..], 8),
            _ when s.StartsWith("0b", StringComparison.Ordinal) => (s[2..], 2),
            _ => (s, 10),
        };
        if (digits.Length == 0)
        {
            return null;
        }

        long value = 0;
        try
        {
            foreach (var c in digits)
            {
                var digit = c switch
                {
                    >= '0' and <= '9' => c - '0',
                    >= 'a' and <= 'f' => c - 'a' + 10,
                    >= 'A' and <= 'F' => c - 'A' + 10,
                    _ => 99,
                };
                if (digit >= radix)
                {
                    return null;
                }

                value = checked((value * radix) + digit);
            }

            value = checked(value * multiplier);
        }
        catch (OverflowException)
        {
            return null;
        }

        return negative ? -value : value;
    }

    /// <summary>Parses seconds given as an integer or a decimal number.</summary>
    public static double? ParseSeconds(string text) =>
        ParseInteger(text) is { } whole
            ? whole
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                ? value
                : null;

    public static bool? ParseBoolean(string text) => text switch
    {
        "true" or "True" or "TRUE" or "yes" or "Yes" or "on" => true,
        "false" or "False" or "FALSE" or "no" or "No" or "off" => false,
        _ => null,
    };

    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("ki", 1L << 10), ("Mi", 1L << 20), ("Gi", 1L << 30),
        ("k", 1_000), ("M", 1_000_000), ("G", 1_000_000_000),
    ];
}

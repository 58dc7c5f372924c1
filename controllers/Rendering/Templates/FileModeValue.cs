using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verwalter.Rendering.Templates;

/// <summary>
/// Reads the <c>mode:</c> of <c>!Copy</c> and <c>!SplitText</c>: permission bits, 0 to <c>0o7777</c>.
/// Unquoted numbers are integers as YAML 1.2 reads them (<c>0o644</c>, <c>0x1a4</c>,
/// <c>0b110100100</c> or decimal <c>420</c>), which is what verwalter did. Quoted text is read as
/// octal digits (<c>"0644"</c>, <c>"644"</c>, <c>"0o644"</c>). An unquoted decimal with a leading
/// zero (<c>0644</c>) is refused: YAML reads it as decimal 644, which is never what was meant.
/// </summary>
internal static class FileModeValue
{
    public const int Max = 0b111_111_111_111; // 0o7777

    /// <summary>The mode, or an error message (without position) when the text is not a mode.</summary>
    public static (int? Mode, string? Error) Parse(Scalar scalar)
    {
        var text = scalar.Value.Trim();
        long value;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            var digits = text.StartsWith("0o", StringComparison.Ordinal) ? text[2..] : text;
            if (!TryParse(digits, 8, out value))
            {
                return (null, $"mode '{text}' is not an octal number; write it like 0o644 or \"0644\"");
            }
        }
        else if (text.Length > 1 && text[0] == '0' && char.IsAsciiDigit(text[1]))
        {
            return (null, $"mode {text} is ambiguous: YAML reads it as decimal {text.TrimStart('0')}; write 0o{text.TrimStart('0')} or quote it (\"{text}\") to mean octal");
        }
        else if (!TryParseInteger(text, out value))
        {
            return (null, $"mode '{text}' is not an integer; write it like 0o644 or \"0644\"");
        }

        return value is < 0 or > Max
            ? (null, string.Create(CultureInfo.InvariantCulture, $"mode {text} is out of range (0 to 0o7777)"))
            : ((int)value, null);
    }

    private static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return TryParse(text[2..], 16, out value);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            return TryParse(text[2..], 8, out value);
        }

        if (text.StartsWith("0b", StringComparison.Ordinal))
        {
            return TryParse(text[2..], 2, out value);
        }

        return TryParse(text.StartsWith('+') ? text[1..] : text, 10, out value);
    }

    private static bool TryParse(string digits, int radix, out long value)
    {
        value = 0;
        if (digits.Length == 0)
        {
            return false;
        }

        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => int.MaxValue,
            };
            if (digit >= radix)
            {
                return false;
            }

            value = Math.Min((value * radix) + digit, Max + 1); // only "too big" matters past Max
        }

        return true;
    }
}

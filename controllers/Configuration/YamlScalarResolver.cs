using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Verwalter.Configuration;

/// <summary>
/// Gives a YAML scalar its JSON type, following the YAML 1.2 core schema the way serde_yaml /
/// yaml-rust do (verwalter's loader): only plain (unquoted) scalars are typed; quoted, literal and
/// folded ones and <c>!!str</c>/<c>!</c>-tagged ones are strings. YAML 1.1 words such as
/// <c>yes</c>/<c>on</c> stay strings. A decimal integer that does not fit in 64 bits becomes a
/// float, as in yaml-rust.
/// </summary>
internal static partial class YamlScalarResolver
{
    private const string StrTag = "tag:yaml.org,2002:str";

    /// <summary>Returns the typed value (null for YAML null); throws <see cref="YamlException"/> for NaN or infinity.</summary>
    public static JsonValue? Resolve(Scalar scalar)
    {
        var text = scalar.Value;
        if (scalar.Style is not ScalarStyle.Plain || IsStringTag(scalar))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF" or "-.inf" or "-.Inf" or "-.INF":
                throw new YamlException(scalar.Start, scalar.End, $"'{text}' is infinite, which JSON cannot represent");
            case ".nan" or ".NaN" or ".NAN":
                throw new YamlException(scalar.Start, scalar.End, $"'{text}' is not a number, which JSON cannot represent");
            default:
                break;
        }

        if (DecimalInt().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? JsonValue.Create(value)
                : Float(scalar);
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexDigits().IsMatch(text.AsSpan(2)))
        {
            return ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex)
                && hex <= long.MaxValue
                    ? JsonValue.Create((long)hex)
                    : JsonValue.Create(text);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(text.AsSpan(2)))
        {
            return TryParseOctal(text.AsSpan(2), out var octal) ? JsonValue.Create(octal) : JsonValue.Create(text);
        }

        return DecimalFloat().IsMatch(text) ? Float(scalar) : JsonValue.Create(text);
    }

    private static bool IsStringTag(Scalar scalar) =>
        !scalar.Tag.IsEmpty && scalar.Tag.Value is "!" or StrTag;

    private static JsonValue Float(Scalar scalar)
    {
        var value = double.Parse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value))
        {
            throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is out of range for a JSON number");
        }

        // Keep the float subtype: written as text like "2.0", so Lua sees a float, not an integer.
        return JsonNode.Parse(Scheduling.CanonicalJson.FormatDouble(value))!.AsValue();
    }

    private static bool TryParseOctal(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (value > (long.MaxValue >> 3))
            {
                return false;
            }

            value = (value << 3) | (long)(digit - '0');
        }

        return true;
    }

    [GeneratedRegex("^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalInt();

    [GeneratedRegex("^[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexDigits();

    [GeneratedRegex("^[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DecimalFloat();
}

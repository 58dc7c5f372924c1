using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Verwalter.Api.Metrics;

/// <summary>
/// Naming, escaping and number rules of the Prometheus text exposition format 0.0.4.
/// </summary>
internal static class PrometheusText
{
    private const string TotalSuffix = "_total";
    private const string SecondsSuffix = "_seconds";

    /// <summary>Maps an instrument to its family name: sanitised, unit suffix, <c>_total</c> for counters.</summary>
    public static string FamilyName(Instrument instrument, MetricKind kind)
    {
        var name = Sanitize(instrument.Name, allowColon: true);
        var counter = kind is MetricKind.Counter or MetricKind.ObservedCounter;
        if (counter && name.EndsWith(TotalSuffix, StringComparison.Ordinal) && name.Length > TotalSuffix.Length)
        {
            name = name[..^TotalSuffix.Length];
        }

        if (instrument.Unit == "s" && !name.EndsWith(SecondsSuffix, StringComparison.Ordinal))
        {
            name += SecondsSuffix;
        }

        return counter ? name + TotalSuffix : name;
    }

    /// <summary>Replaces every character outside <c>[a-zA-Z0-9_]</c> (and <c>:</c> for metric names) with <c>_</c>.</summary>
    public static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var builder = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            builder.Append('_');
        }

        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            builder.Append(valid ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Renders the label set of one measurement as <c>a="x",b="y"</c>, sorted by name; the
    /// string doubles as the series key. Measurement tags override instrument tags.
    /// </summary>
    public static string Labels(
        ReadOnlySpan<KeyValuePair<string, object?>> tags,
        IEnumerable<KeyValuePair<string, object?>>? instrumentTags)
    {
        if (tags.IsEmpty && instrumentTags is null)
        {
            return string.Empty;
        }

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (instrumentTags is not null)
        {
            foreach (var tag in instrumentTags)
            {
                labels[Sanitize(tag.Key, allowColon: false)] = LabelValue(tag.Value);
            }
        }

        foreach (var tag in tags)
        {
            labels[Sanitize(tag.Key, allowColon: false)] = LabelValue(tag.Value);
        }

        var builder = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(name).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }

        return builder.ToString();
    }

    /// <summary>Escapes backslash, double quote and line feed in a label value.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Escapes backslash and line feed in <c># HELP</c> text.</summary>
    public static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Formats a sample value or bucket bound invariantly, with <c>+Inf</c>, <c>-Inf</c> and <c>NaN</c>.</summary>
    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Writes one sample line: <c>name{labels} value</c>.</summary>
    public static void WriteSample(TextWriter writer, string name, string labels, double value)
    {
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write('{');
            writer.Write(labels);
            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(Number(value));
        writer.Write('\n');
    }

    /// <summary>Writes the <c># HELP</c> and <c># TYPE</c> lines of a family.</summary>
    public static void WriteHeader(TextWriter writer, string name, string help, string type)
    {
        writer.Write("# HELP ");
        writer.Write(name);
        writer.Write(' ');
        writer.Write(EscapeHelp(help));
        writer.Write('\n');
        writer.Write("# TYPE ");
        writer.Write(name);
        writer.Write(' ');
        writer.Write(type);
        writer.Write('\n');
    }

    private static string LabelValue(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}

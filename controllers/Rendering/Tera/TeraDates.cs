using System.Globalization;
using System.Text;

namespace Verwalter.Rendering.Tera;

/// <summary>
/// The <c>date</c> filter: a Unix timestamp (seconds) or an RFC 3339 / <c>YYYY-MM-DD</c> string,
/// printed with strftime-style directives, in UTC (a timezone other than UTC is refused: the
/// tz database is not carried).
/// </summary>
internal static class TeraDates
{
    public static string Format(object? input, string format, string? timezone)
    {
        if (timezone is not null && timezone is not ("UTC" or "Etc/UTC"))
        {
            throw new TeraFilterException($"only timezone=\"UTC\" is supported, not '{timezone}'");
        }

        var time = input switch
        {
            long seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
            double seconds => DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)),
            string s when DateTimeOffset.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var day) => day,
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => throw new TeraFilterException($"needs a timestamp or a date string, got {TeraValues.TypeName(input)}"),
        };
        time = time.ToUniversalTime();
        var text = new StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                text.Append(format[i]);
                continue;
            }

            text.Append(format[++i] switch
            {
                'Y' => time.ToString("yyyy", CultureInfo.InvariantCulture),
                'y' => time.ToString("yy", CultureInfo.InvariantCulture),
                'm' => time.ToString("MM", CultureInfo.InvariantCulture),
                'd' => time.ToString("dd", CultureInfo.InvariantCulture),
                'e' => time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2),
                'H' => time.ToString("HH", CultureInfo.InvariantCulture),
                'M' => time.ToString("mm", CultureInfo.InvariantCulture),
                'S' => time.ToString("ss", CultureInfo.InvariantCulture),
                'b' => time.ToString("MMM", CultureInfo.InvariantCulture),
                'B' => time.ToString("MMMM", CultureInfo.InvariantCulture),
                'a' => time.ToString("ddd", CultureInfo.InvariantCulture),
                'A' => time.ToString("dddd", CultureInfo.InvariantCulture),
                'j' => time.DayOfYear.ToString("000", CultureInfo.InvariantCulture),
                'F' => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                'T' => time.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                's' => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                'z' => "+0000",
                '%' => "%",
                var other => throw new TeraFilterException($"unsupported date directive '%{other}'"),
            });
        }

        return text.ToString();
    }
}

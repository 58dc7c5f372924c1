using System.Globalization;

namespace Verwalter.Rendering.Logs;

/// <summary>The three UTC time formats of the log folder: index/row dates, segment names and index file days.</summary>
internal static class LogTimestamps
{
    /// <summary>Whole-second RFC 3339 in UTC, e.g. <c>2026-01-01T12:00:00Z</c>.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The <c>&lt;seg&gt;</c> of <c>log.&lt;seg&gt;.txt</c>: <c>yyyyMMddHHmmss</c> in UTC.</summary>
    public static string Segment(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>The day of <c>index.&lt;day&gt;.json</c>: <c>yyyyMMdd</c> in UTC.</summary>
    public static string Day(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}

namespace Verwalter.Rendering.Logs;

/// <summary>
/// A text log folder (<c>.global</c>, <c>.changes</c>, a role): segments <c>log.&lt;seg&gt;.txt</c>
/// and a <c>latest</c> symlink to the one being appended to. Nothing is ever deleted.
/// </summary>
internal static class SegmentedLogFolder
{
    public const string LatestLink = "latest";

    /// <summary>
    /// The segment to append to: the one <c>latest</c> points at, unless it has reached
    /// <paramref name="maxSegmentBytes"/> (or there is none), in which case a segment named after
    /// <paramref name="now"/> is started and <c>latest</c> is moved to it. Segment names have
    /// one-second resolution: a rotation within the second of the current segment keeps it.
    /// </summary>
    public static (string Segment, string Path) OpenSegment(string folder, DateTimeOffset now, long maxSegmentBytes)
    {
        Directory.CreateDirectory(folder);
        var link = Path.Join(folder, LatestLink);
        if (CurrentSegment(link) is { } current)
        {
            var currentPath = Path.Join(folder, FileName(current));
            var file = new FileInfo(currentPath);
            if (!file.Exists || file.Length < maxSegmentBytes)
            {
                return (current, currentPath);
            }
        }

        var segment = LogTimestamps.Segment(now);
        var name = FileName(segment);
        var path = Path.Join(folder, name);
        File.AppendAllText(path, string.Empty);
        AtomicSymlink.Replace(link, name);
        return (segment, path);
    }

    public static string FileName(string segment) => $"log.{segment}.txt";

    private static string? CurrentSegment(string link)
    {
        var target = new FileInfo(link).LinkTarget;
        if (target is null)
        {
            return null;
        }

        var name = Path.GetFileName(target);
        return name.Length > 8 && name.StartsWith("log.", StringComparison.Ordinal) && name.EndsWith(".txt", StringComparison.Ordinal)
            ? name[4..^4]
            : null;
    }
}

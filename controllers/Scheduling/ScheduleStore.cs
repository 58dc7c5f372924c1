using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Verwalter.Scheduling;

/// <summary>
/// Keeps the last schedule in <c>&lt;storage&gt;/schedule/schedule.json</c> (temp file, flush,
/// rename: never half-written) and rotating gzip backups beside it: hourly (36 kept), daily (14)
/// and weekly (12), dated in UTC. A backup of a kind is made only when the newest one of that
/// kind is not for the current period.
/// </summary>
public sealed partial class ScheduleStore(string storageDir, TimeProvider time, ILogger<ScheduleStore> logger)
{
    public const string FileName = "schedule.json";

    private static readonly (string Kind, int Keep)[] Kinds = [("hourly", 36), ("daily", 14), ("weekly", 12)];

    public string Folder { get; } = Path.Combine(storageDir, "schedule");

    public string SchedulePath => Path.Combine(Folder, FileName);

    /// <summary>Loads the stored schedule; a missing file gives null, a corrupt one an exception naming the file.</summary>
    /// <exception cref="FormatException">The file is unreadable or its hash does not match.</exception>
    public Schedule? Load()
    {
        if (!File.Exists(SchedulePath))
        {
            return null;
        }

        try
        {
            return Schedule.Parse(File.ReadAllBytes(SchedulePath));
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{SchedulePath}: {ex.Message}", ex);
        }
    }

    public void Save(Schedule schedule)
    {
        Directory.CreateDirectory(Folder);
        var bytes = schedule.ToJson(indented: true);
        WriteAtomically(SchedulePath, bytes);
        try
        {
            WriteBackups(bytes);
        }
        catch (IOException ex)
        {
            LogBackupFailed(ex, Folder);
        }
        catch (UnauthorizedAccessException ex)
        {
            LogBackupFailed(ex, Folder);
        }
    }

    /// <summary>Backup names without extension, in name order, e.g. <c>daily-20260110</c>.</summary>
    public IReadOnlyList<string> ListBackups()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(Folder, "*-*.json.gz")
            .Select(p => Path.GetFileName(p)[..^".json.gz".Length])
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The gzip file of a backup, or null when the name is not a plain backup name or does not exist.</summary>
    public string? BackupPath(string name)
    {
        if (!BackupName().IsMatch(name))
        {
            return null;
        }

        var path = Path.Combine(Folder, name + ".json.gz");
        return File.Exists(path) ? path : null;
    }

    internal static string PeriodName(string kind, DateTimeOffset utc) => kind switch
    {
        "hourly" => "hourly-" + utc.ToString("yyyyMMdd'T'HH", CultureInfo.InvariantCulture),
        "daily" => "daily-" + utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        _ => string.Create(CultureInfo.InvariantCulture, $"weekly-{utc.Year}w{MondayWeekOfYear(utc):00}"),
    };

    /// <summary>Week of the year with Monday as the first day; days before the first Monday are week 0 (strftime %W).</summary>
    internal static int MondayWeekOfYear(DateTimeOffset utc)
    {
        var mondayBasedWeekday = ((int)utc.DayOfWeek + 6) % 7;
        return (utc.DayOfYear - 1 + 7 - mondayBasedWeekday) / 7;
    }

    private void WriteBackups(byte[] bytes)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var existing = ListBackups();
        string? temp = null;
        foreach (var (kind, keep) in Kinds)
        {
            var name = PeriodName(kind, now);
            var ofKind = existing.Where(n => n.StartsWith(kind + "-", StringComparison.Ordinal)).ToList();
            if (ofKind.Count > 0 && string.CompareOrdinal(ofKind[^1], name) >= 0)
            {
                continue;
            }

            temp ??= WriteCompressedTemp(bytes);
            File.Copy(temp, Path.Combine(Folder, name + ".json.gz"), overwrite: true);
            ofKind.Add(name);
            foreach (var old in ofKind.Take(Math.Max(0, ofKind.Count - keep)))
            {
                File.Delete(Path.Combine(Folder, old + ".json.gz"));
            }
        }

        if (temp is not null)
        {
            File.Delete(temp);
        }
    }

    private string WriteCompressedTemp(byte[] bytes)
    {
        var temp = Path.Combine(Folder, "backup.tmp");
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize))
        {
            gzip.Write(bytes);
        }

        return temp;
    }

    internal static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex BackupName();

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Could not write schedule backups in {Folder}")]
    private partial void LogBackupFailed(Exception exception, string folder);
}

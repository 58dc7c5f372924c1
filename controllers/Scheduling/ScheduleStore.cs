using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Verwalter.Storage;

namespace Verwalter.Scheduling;

/// <summary>
/// Keeps the last schedule in <c>&lt;storage&gt;/schedule/schedule.json</c> (temp file, flush,
/// rename: never half-written) and rotating gzip backups beside it: hourly (36 kept), daily (14)
/// and weekly (12), dated in UTC. A backup of a kind is made when none exists for the current
/// period, whatever the other names say, so a wall clock that jumps back or forth never stops
/// backups; rotation keeps the newest names of each kind.
/// </summary>
/// <remarks>
/// A failed write (a full disk, an I/O error, a read-only file system, no permission, a folder
/// in the way) never reaches the caller: the schedule stays pending in memory, the fault is
/// reported in <see cref="StorageFaults"/>, the temp file is removed, and
/// <see cref="ScheduleStoreFlusher"/> retries with backoff until the stored file catches up.
/// A path of the wrong kind is set aside (<c>&lt;name&gt;.blocked-&lt;time&gt;</c>). Damaged files are
/// kept, not overwritten: see <see cref="LoadOrRecover"/> and <see cref="ListBackups"/>.
/// </remarks>
public sealed partial class ScheduleStore(string storageDir, TimeProvider time, ILogger<ScheduleStore> logger, StorageFaults? faults = null)
{
    public const string FileName = "schedule.json";

    private static readonly (string Kind, int Keep)[] Kinds = [("hourly", 36), ("daily", 14), ("weekly", 12)];

    private readonly Lock _lock = new();
    private readonly System.Threading.Channels.Channel<bool> _pendingSignal = System.Threading.Channels.Channel.CreateBounded<bool>(
        new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest, SingleReader = true });
    private Schedule? _pending;

    public string Folder { get; } = Path.Combine(storageDir, "schedule");

    public string SchedulePath => Path.Combine(Folder, FileName);

    /// <summary>Where failed writes and damaged files are reported.</summary>
    public StorageFaults Faults { get; } = faults ?? new StorageFaults(time);

    /// <summary>A schedule is waiting to be written (the last write failed).</summary>
    public bool HasPending
    {
        get
        {
            lock (_lock)
            {
                return _pending is not null;
            }
        }
    }

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

    /// <summary>
    /// Stores <paramref name="schedule"/> now if the disk allows; otherwise keeps it pending (a newer
    /// one replaces an older pending one) for <see cref="TryFlush"/>. Returns whether it is on disk.
    /// </summary>
    public bool Save(Schedule schedule)
    {
        lock (_lock)
        {
            _pending = schedule;
        }

        if (TryFlush())
        {
            return true;
        }

        _pendingSignal.Writer.TryWrite(true);
        return false;
    }

    /// <summary>Waits until a failed write leaves a schedule pending.</summary>
    public async Task WaitForPendingAsync(CancellationToken cancellationToken) =>
        await _pendingSignal.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Writes the pending schedule, if any; false (and the fault reported) when the disk refused.</summary>
    public bool TryFlush()
    {
        lock (_lock)
        {
            if (_pending is not { } schedule)
            {
                return true;
            }

            var bytes = schedule.ToJson(indented: true);
            try
            {
                ClearTheWay();
                WriteAtomically(SchedulePath, bytes);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                var fault = Faults.Report("schedule", SchedulePath, ex);
                LogWriteFailed(ex, SchedulePath, fault.Error, fault.Attempts);
                return false;
            }

            _pending = null;
            if (Faults.Clear(SchedulePath))
            {
                LogWriteRecovered(SchedulePath, schedule.Hash);
            }

            try
            {
                WriteBackups(bytes);
                Faults.Clear(Folder);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                Faults.Report("backup", Folder, ex);
                LogBackupFailed(ex, Folder);
            }

            return true;
        }
    }

    /// <summary>Backup names without extension, in name order, e.g. <c>daily-20260110</c>; only backups that verify.</summary>
    public IReadOnlyList<string> ListBackups() => [.. VerifiedBackups().Select(b => b.Name)];

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

    /// <summary>Sets aside a file where the folder belongs and a folder where the schedule file belongs, then creates the folder.</summary>
    private void ClearTheWay()
    {
        if (File.Exists(Folder))
        {
            Blocked(Folder);
        }

        Directory.CreateDirectory(Folder);
        if (Directory.Exists(SchedulePath))
        {
            Blocked(SchedulePath);
        }
    }

    private void Blocked(string path)
    {
        var moved = SetAside.Move(path, SetAside.Blocked, time.GetUtcNow());
        Faults.Report("schedule", moved, SetAside.Blocked, $"was in the way of {path}; moved aside");
        LogSetAside(path, moved, SetAside.Blocked);
    }

    private void WriteBackups(byte[] bytes)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var existing = ListBackupFiles();
        foreach (var (kind, keep) in Kinds)
        {
            var name = PeriodName(kind, now);
            var ofKind = existing.Where(n => n.StartsWith(kind + "-", StringComparison.Ordinal)).ToList();
            if (ofKind.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            WriteCompressed(Path.Combine(Folder, name + ".json.gz"), bytes);
            ofKind.Add(name);
            ofKind.Sort(StringComparer.Ordinal);
            foreach (var old in ofKind.Take(Math.Max(0, ofKind.Count - keep)))
            {
                File.Delete(Path.Combine(Folder, old + ".json.gz"));
            }
        }
    }

    private List<string> ListBackupFiles() => !Directory.Exists(Folder)
        ? []
        : [.. Directory.EnumerateFiles(Folder, "*-*.json.gz")
            .Select(p => Path.GetFileName(p)[..^".json.gz".Length])
            .Where(n => BackupName().IsMatch(n))
            .Order(StringComparer.Ordinal)];

    private static void WriteCompressed(string path, byte[] bytes)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                using (var gzip = new GZipStream(file, CompressionLevel.SmallestSize, leaveOpen: true))
                {
                    gzip.Write(bytes);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    /// <summary>Temp file, flush, rename; the temp file is removed when any step fails (a full disk leaves nothing behind).</summary>
    internal static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                file.Write(bytes);
                file.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            DeleteQuietly(temp);
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            // The original failure is the one to report.
        }
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex BackupName();

    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Could not write schedule backups in {Folder}")]
    private partial void LogBackupFailed(Exception exception, string folder);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Error, Message = "Could not store the schedule in {Path} ({Error}, attempt {Attempts}); it stays in memory and is retried")]
    private partial void LogWriteFailed(Exception exception, string path, string error, int attempts);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Stored schedule {Path} written again ({Hash}); the storage fault is over")]
    private partial void LogWriteRecovered(string path, string hash);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "{Path} set aside as {Moved} ({Reason})")]
    private partial void LogSetAside(string path, string moved, string reason);
}

using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Verwalter.Storage;

namespace Verwalter.Scheduling;

/// <summary>Reading stored state back: the schedule file, or the newest backup that verifies.</summary>
public sealed partial class ScheduleStore
{
    private readonly Dictionary<string, (long Length, DateTime Modified, long Timestamp)> _verified = new(StringComparer.Ordinal);

    /// <summary>
    /// The schedule to start from. A valid <c>schedule.json</c> is used as it is. One that fails to
    /// parse or whose hash does not match is renamed <c>schedule.json.corrupt-&lt;time&gt;</c> and
    /// reported; a folder in its place is set aside as blocked; then the newest backup that
    /// verifies (by the schedule's own timestamp) is used instead. Bad backups are set apart too.
    /// Null when there is nothing valid at all.
    /// </summary>
    public StoredSchedule? LoadOrRecover()
    {
        lock (_lock)
        {
            try
            {
                if (File.Exists(Folder))
                {
                    Blocked(Folder);
                    return null;
                }

                if (Directory.Exists(SchedulePath))
                {
                    Blocked(SchedulePath);
                }
                else if (File.Exists(SchedulePath))
                {
                    try
                    {
                        return new StoredSchedule(Schedule.Parse(File.ReadAllBytes(SchedulePath)), SchedulePath);
                    }
                    catch (FormatException ex)
                    {
                        var moved = SetAside.Move(SchedulePath, SetAside.Corrupt, time.GetUtcNow());
                        Faults.Report("schedule", moved, SetAside.Corrupt, $"{ex.Message}; the stored schedule was kept aside here and the newest valid backup used");
                        LogCorrupt(SchedulePath, moved, ex.Message);
                    }
                }
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                var fault = Faults.Report("schedule", SchedulePath, ex);
                LogReadFailed(ex, SchedulePath, fault.Error);
            }

            var backups = VerifiedBackups();
            if (backups.Count == 0)
            {
                return null;
            }

            var newest = backups.MaxBy(b => b.Timestamp);

            var path = Path.Combine(Folder, newest.Name + ".json.gz");
            try
            {
                var schedule = ReadBackup(path);
                LogFromBackup(path, schedule.Hash);
                return new StoredSchedule(schedule, path);
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException || StorageErrors.IsStorageFailure(ex))
            {
                LogReadFailed(ex, path, StorageErrors.Name(ex));
                return null;
            }
        }
    }

    /// <summary>
    /// Every backup that decompresses, parses and matches its hash, in name order. A backup that
    /// does not is renamed <c>&lt;name&gt;.json.gz.corrupt-&lt;time&gt;</c> (so it is no longer listed or
    /// served, and the next backup of its period replaces it) and reported. Verified files are
    /// remembered by size and modification time, so listing again does not re-read them.
    /// </summary>
    private List<(string Name, long Timestamp)> VerifiedBackups()
    {
        var result = new List<(string, long)>();
        List<string> names;
        try
        {
            names = ListBackupFiles();
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            Faults.Report("backup", Folder, ex);
            return result;
        }

        foreach (var name in names)
        {
            var path = Path.Combine(Folder, name + ".json.gz");
            try
            {
                var info = new FileInfo(path);
                lock (_verified)
                {
                    if (_verified.TryGetValue(name, out var known) && known.Length == info.Length && known.Modified == info.LastWriteTimeUtc)
                    {
                        result.Add((name, known.Timestamp));
                        continue;
                    }
                }

                var schedule = ReadBackup(path);
                lock (_verified)
                {
                    _verified[name] = (info.Length, info.LastWriteTimeUtc, schedule.Timestamp);
                }

                result.Add((name, schedule.Timestamp));
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException)
            {
                SetBackupApart(name, path, ex.Message);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                if (File.Exists(path))
                {
                    Faults.Report("backup", path, ex);
                }
            }
        }

        return result;
    }

    private void SetBackupApart(string name, string path, string reason)
    {
        lock (_verified)
        {
            _verified.Remove(name);
        }

        try
        {
            var moved = SetAside.Move(path, SetAside.Corrupt, time.GetUtcNow());
            Faults.Report("backup", moved, SetAside.Corrupt, $"backup {name} does not verify ({reason}); set apart");
            LogCorrupt(path, moved, reason);
        }
        catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
        {
            Faults.Report("backup", path, ex);
        }
    }

    /// <summary>Decompresses and parses one backup (gzip, JSON envelope, hash).</summary>
    private static Schedule ReadBackup(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return Schedule.Parse(buffer.ToArray());
    }

    [LoggerMessage(EventId = 2304, Level = LogLevel.Error, Message = "Stored file {Path} is damaged ({Reason}); kept aside as {Moved}")]
    private partial void LogCorrupt(string path, string moved, string reason);

    [LoggerMessage(EventId = 2305, Level = LogLevel.Error, Message = "Could not read {Path} ({Error})")]
    private partial void LogReadFailed(Exception exception, string path, string error);

    [LoggerMessage(EventId = 2306, Level = LogLevel.Warning, Message = "Starting from backup {Path} ({Hash}): the stored schedule was missing or damaged")]
    private partial void LogFromBackup(string path, string hash);
}

using Microsoft.Extensions.Logging;
using Verwalter.Reconciliation;

namespace Verwalter.Scheduling;

/// <summary>
/// Publishes the stored schedule (or the newest valid backup) once, before anything else needs
/// it: the daemon calls it before HTTP starts serving, so the first answer of a restarted node
/// with a valid stored schedule is that schedule, never a 404; the schedule loop calls it too
/// (for hosts without the daemon's start-up), and only the first call reads the disk.
/// </summary>
internal sealed partial class StoredScheduleLoader(ScheduleStore store, SnapshotPublisher<ScheduleState> state, ILogger<StoredScheduleLoader> logger)
{
    private int _loaded;

    /// <summary>True once a load ran (whatever it found).</summary>
    public bool Loaded => Volatile.Read(ref _loaded) != 0;

    public void EnsureLoaded()
    {
        if (Interlocked.Exchange(ref _loaded, 1) != 0)
        {
            return;
        }

        var stored = store.LoadOrRecover();
        if (stored is not null && state.Current?.Value.Current is null)
        {
            state.Publish(new ScheduleState(stored.Schedule, null));
            LogStoredLoaded(stored.Schedule.Hash, stored.Path);
        }
    }

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Loaded stored schedule {Hash} from {Path}")]
    private partial void LogStoredLoaded(string hash, string path);
}

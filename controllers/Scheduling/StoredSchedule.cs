namespace Verwalter.Scheduling;

/// <summary>The schedule a node starts from, and the file it came from (<c>schedule.json</c> or a backup).</summary>
public sealed record StoredSchedule(Schedule Schedule, string Path);

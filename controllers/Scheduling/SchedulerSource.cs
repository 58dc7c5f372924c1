using System.Collections.Immutable;

namespace Verwalter.Scheduling;

/// <summary>
/// The scheduler's code as read from <c>scheduler/v1</c>: every script file by its path relative
/// to that folder (forward slashes). Immutable, so the config loop can publish it and the schedule
/// loop can build its own engine from it; <c>require</c> resolves against these files, never the disk.
/// </summary>
public sealed record SchedulerSource(string Directory, ImmutableSortedDictionary<string, byte[]> Files, string Fingerprint)
{
    /// <summary>The entry point every Lua scheduler must have.</summary>
    public const string MainFile = "main.lua";
}

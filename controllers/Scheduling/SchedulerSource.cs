using System.Collections.Immutable;

namespace Verwalter.Scheduling;

/// <summary>
/// The scheduler's code as read from <c>scheduler/v1</c>: every file an engine reads (scripts,
/// modules, a wasm binary) by its path relative to that folder (forward slashes). The entry file it
/// holds selects the engine (<see cref="SchedulerEngines"/>). Immutable, so the config loop can publish it and the schedule
/// loop can build its own engine from it; <c>require</c> resolves against these files, never the disk.
/// </summary>
public sealed record SchedulerSource(string Directory, ImmutableSortedDictionary<string, byte[]> Files, string Fingerprint)
{
    /// <summary>The entry point of a Lua scheduler.</summary>
    public const string MainFile = "main.lua";
}

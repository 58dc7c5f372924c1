using System.Collections.Immutable;
using Verwalter.Scheduling.Lua;

namespace Verwalter.Scheduling;

/// <summary>
/// The engine registry: which engine runs a <see cref="SchedulerSource"/> is decided by the one
/// entry file it holds. Used by the config loader (to read the right files and report two entry
/// files), the schedule loop, <c>verwalter schedule</c> and <c>verwalter check</c>.
/// </summary>
internal static class SchedulerEngines
{
    /// <summary>
    /// Every engine this build knows, in the order entry files are listed in messages.
    /// Registration point: an engine is added here, one line per factory.
    /// </summary>
    public static ImmutableArray<ISchedulerEngineFactory> Factories { get; } =
    [
        new LuaSchedulerEngineFactory(),
        new JavaScript.JsSchedulerEngineFactory(),
        new Wasm.WasmSchedulerEngineFactory(),
    ];

    /// <summary>The entry file names of every registered engine.</summary>
    public static IEnumerable<string> EntryFiles => Factories.Select(f => f.EntryFile);

    /// <summary>Whether some engine reads this file of <c>scheduler/v1/</c>.</summary>
    public static bool IsSourceFile(string fileName) =>
        Factories.Any(f => f.EntryFile == fileName || f.IsSourceFile(fileName));

    /// <summary>The entry files present in a set of source files (relative paths), in registry order.</summary>
    public static ImmutableArray<string> EntriesIn(IReadOnlyDictionary<string, byte[]> files) =>
        [.. Factories.Where(f => files.ContainsKey(f.EntryFile)).Select(f => f.EntryFile)];

    /// <summary>The factory whose entry file the source holds.</summary>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>: no entry file, or more than one (named).</exception>
    public static ISchedulerEngineFactory For(SchedulerSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var entries = EntriesIn(source.Files);
        return entries.Length switch
        {
            1 => Factories.First(f => f.EntryFile == entries[0]),
            0 => throw new SchedulerException(SchedulerErrorKind.Load, $"no scheduler entry file in {source.Directory} (expected one of {string.Join(", ", EntryFiles)})"),
            _ => throw new SchedulerException(SchedulerErrorKind.Load, $"more than one scheduler entry file in {source.Directory}: {string.Join(", ", entries)}; keep exactly one"),
        };
    }

    /// <summary>Loads the source with the engine its entry file selects.</summary>
    /// <param name="watchdog">Armed around loads and runs; defaults to <see cref="ProcessExitWatchdog.Shared"/>.</param>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.Load"/>.</exception>
    public static ISchedulerEngine Load(SchedulerSource source, SchedulerLimits limits, IRunWatchdog? watchdog = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return For(source).Load(source, limits, watchdog ?? ProcessExitWatchdog.Shared);
    }

    /// <summary>The entry file the source holds (for messages naming <c>scheduler/v1/&lt;entry&gt;</c>); <c>main.lua</c> when it has none.</summary>
    public static string EntryFileOf(SchedulerSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var entries = EntriesIn(source.Files);
        return entries.Length > 0 ? entries[0] : SchedulerSource.MainFile;
    }
}

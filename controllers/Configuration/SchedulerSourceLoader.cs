using System.Collections.Immutable;
using Verwalter.Scheduling;

namespace Verwalter.Configuration;

/// <summary>
/// Reads the scheduler from <c>&lt;config&gt;/scheduler/v1</c>: every file a registered engine
/// reads (<see cref="SchedulerEngines.IsSourceFile"/>: <c>*.lua</c>, <c>*.js</c>/<c>*.mjs</c>, the wasm
/// binary), recursively, keyed by its path below that folder, so modules are served from memory.
/// Exactly one entry file (<c>main.lua</c>, <c>main.js</c>, ...) must be there: none is "not found",
/// more than one is a problem naming them, and either way there is no source.
/// </summary>
internal static class SchedulerSourceLoader
{
    public const string FolderPath = "scheduler/v1";
    public const string WasmFile = "scheduler.wasm";

    private const string MainPath = FolderPath + "/" + SchedulerSource.MainFile;

    public static SchedulerSourceLoad Load(string configDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(configDir);
        var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
        var folder = Path.Combine(configDir, "scheduler", "v1");
        if (!Directory.Exists(folder))
        {
            problems.Add(new(MainPath, null, null, "not found"));
            return new(null, problems.ToImmutable());
        }

        if (!SchedulerEngines.EntryFiles.Contains(WasmFile) && File.Exists(Path.Combine(folder, WasmFile)))
        {
            problems.Add(new(FolderPath + "/" + WasmFile, null, null, "WebAssembly schedulers are not supported by this build"));
        }

        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var fingerprint = new ConfigFingerprint();
        foreach (var file in ConfigDirectoryScanner.Scan(configDir, FolderPath, SchedulerEngines.IsSourceFile, problems))
        {
            var content = ConfigDirectoryScanner.TryRead(file, problems);
            if (content is not null)
            {
                var key = file.RelativePath[(FolderPath.Length + 1)..];
                files[key] = content;
                fingerprint.Add(key, content);
            }
        }

        var entries = SchedulerEngines.EntriesIn(files);
        if (entries.Length == 0)
        {
            if (!problems.Any(p => p.Path == MainPath))
            {
                problems.Add(new(MainPath, null, null, $"not found (a scheduler needs one of {string.Join(", ", SchedulerEngines.EntryFiles)})"));
            }

            return new(null, problems.ToImmutable());
        }

        if (entries.Length > 1)
        {
            problems.Add(new(FolderPath, null, null,
                $"more than one scheduler entry file: {string.Join(", ", entries.Select(e => FolderPath + "/" + e))}; keep exactly one"));
            return new(null, problems.ToImmutable());
        }

        var source = new SchedulerSource(Path.GetFullPath(folder), files.ToImmutable(), fingerprint.Compute());
        return new(source, problems.ToImmutable());
    }
}

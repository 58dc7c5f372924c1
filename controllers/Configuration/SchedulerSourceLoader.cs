using System.Collections.Immutable;
using Verwalter.Scheduling;

namespace Verwalter.Configuration;

/// <summary>
/// Reads the Lua scheduler from <c>&lt;config&gt;/scheduler/v1</c>: every <c>*.lua</c> file,
/// recursively, keyed by its path below that folder, so <c>require</c> can be served from memory.
/// verwalter would run <c>scheduler.wasm</c> instead of Lua when present; this port has no wasm
/// engine, so that file is reported and Lua is used if it exists.
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

        if (File.Exists(Path.Combine(folder, WasmFile)))
        {
            problems.Add(new(FolderPath + "/" + WasmFile, null, null, "WebAssembly schedulers are not supported; use main.lua"));
        }

        var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
        var fingerprint = new ConfigFingerprint();
        foreach (var file in ConfigDirectoryScanner.Scan(configDir, FolderPath, IsLua, problems))
        {
            var content = ConfigDirectoryScanner.TryRead(file, problems);
            if (content is not null)
            {
                var key = file.RelativePath[(FolderPath.Length + 1)..];
                files[key] = content;
                fingerprint.Add(key, content);
            }
        }

        if (!files.ContainsKey(SchedulerSource.MainFile))
        {
            if (!problems.Any(p => p.Path == MainPath))
            {
                problems.Add(new(MainPath, null, null, "not found"));
            }

            return new(null, problems.ToImmutable());
        }

        var source = new SchedulerSource(Path.GetFullPath(folder), files.ToImmutable(), fingerprint.Compute());
        return new(source, problems.ToImmutable());
    }

    private static bool IsLua(string fileName) => fileName.EndsWith(".lua", StringComparison.Ordinal);
}

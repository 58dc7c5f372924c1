using System.Collections.Immutable;
using Verwalter.Configuration;

namespace Verwalter.Scheduling.Shadow;

/// <summary>
/// Reads every <c>scheduler/shadow/&lt;name&gt;/</c> folder as a scheduler source, the way
/// <c>scheduler/v1</c> is read: the files some engine reads, keyed by path below the folder. A
/// folder without exactly one entry file is reported on that shadow only.
/// </summary>
internal static class ShadowSourceLoader
{
    public const string FolderPath = "scheduler/shadow";

    /// <returns>Per shadow name, its source or the problem that stops it from running.</returns>
    public static ImmutableSortedDictionary<string, (SchedulerSource? Source, string? Problem)> Load(string configDir)
    {
        var result = ImmutableSortedDictionary.CreateBuilder<string, (SchedulerSource?, string?)>(StringComparer.Ordinal);
        var root = Path.Combine(configDir, "scheduler", "shadow");
        if (!Directory.Exists(root))
        {
            return result.ToImmutable();
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(folder);
            if (ConfigDirectoryScanner.IsSkipped(name))
            {
                continue;
            }

            var relative = FolderPath + "/" + name;
            var problems = ImmutableArray.CreateBuilder<ConfigProblem>();
            var files = ImmutableSortedDictionary.CreateBuilder<string, byte[]>(StringComparer.Ordinal);
            var fingerprint = new ConfigFingerprint();
            foreach (var file in ConfigDirectoryScanner.Scan(configDir, relative, SchedulerEngines.IsSourceFile, problems))
            {
                if (ConfigDirectoryScanner.TryRead(file, problems) is { } content)
                {
                    var key = file.RelativePath[(relative.Length + 1)..];
                    files[key] = content;
                    fingerprint.Add(key, content);
                }
            }

            var entries = SchedulerEngines.EntriesIn(files);
            string? problem = problems.Count > 0
                ? string.Join("; ", problems)
                : entries.Length switch
                {
                    0 => $"{relative}: no scheduler entry file (expected one of {string.Join(", ", SchedulerEngines.EntryFiles)})",
                    > 1 => $"{relative}: more than one scheduler entry file: {string.Join(", ", entries)}; keep exactly one",
                    _ => null,
                };
            result[name] = problem is null
                ? (new SchedulerSource(Path.GetFullPath(folder), files.ToImmutable(), fingerprint.Compute()), null)
                : (null, problem);
        }

        return result.ToImmutable();
    }
}

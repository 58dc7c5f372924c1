using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Configuration;

/// <summary>
/// Recursive walk shared by every loader of the config folder. Differs from verwalter's scan
/// (which takes whatever order the filesystem returns) in one deliberate way: the order is fixed.
/// At each level sub-folders come first, then files, each group in ordinal name order, so when a
/// file and a folder map to the same key the file is applied last and wins.
/// Symlinks are followed inside the <see cref="ConfigJail"/> only: a link that resolves outside
/// the config dir (and the allowed paths) is refused as a problem naming the link, and so is a
/// FIFO, device or socket, in or out of the tree. A folder whose real path is already on the
/// current branch is reported as a loop and not entered.
/// </summary>
internal static class ConfigDirectoryScanner
{
    /// <summary>Larger files are reported and skipped instead of read.</summary>
    public const long MaxFileBytes = 16L * 1024 * 1024;

    /// <summary>Backstop for trees that symlink-loop through paths we cannot canonicalise.</summary>
    public const int MaxDepth = 32;

    /// <summary>Backstop against fan-out through symlinks: total folders entered per scan.</summary>
    public const int MaxDirectories = 10_000;

    private const int MaxLinkHops = 40;

    /// <summary>Editor and VCS leftovers: dot files, <c>name~</c>, <c>name.bak</c>, <c>#name#</c>.</summary>
    public static bool IsSkipped(string name) =>
        name.StartsWith('.')
        || name.EndsWith('~')
        || name.EndsWith(".bak", StringComparison.Ordinal)
        || (name.StartsWith('#') && name.EndsWith('#'));

    /// <summary>
    /// Lists the files under <paramref name="relativeRoot"/> (forward slashes, relative to
    /// <paramref name="configDir"/>) whose name passes <paramref name="includeFile"/>. A missing
    /// root gives an empty list and no problem; the caller decides whether that matters.
    /// </summary>
    public static List<ConfigFile> Scan(
        string configDir, string relativeRoot, Func<string, bool> includeFile, ImmutableArray<ConfigProblem>.Builder problems, ConfigJail? jail = null)
    {
        var files = new List<ConfigFile>();
        var root = Path.Combine(configDir, relativeRoot);
        if (!Directory.Exists(root))
        {
            return files;
        }

        jail ??= ConfigJail.For(configDir);
        var realRoot = RealPath(root);
        if (!jail.Contains(realRoot))
        {
            problems.Add(new(relativeRoot, null, null, OutsideMessage(realRoot)));
            return files;
        }

        var walk = new Walk(includeFile, problems, files, jail);
        walk.Directory(realRoot, relativeRoot, [realRoot], 0);
        return files;
    }

    private static string OutsideMessage(string real) =>
        $"refused: symbolic link resolves to {real}, outside the config dir (allow it with Verwalter:Config:AllowOutside)";

    /// <summary>Reads a file found by <see cref="Scan"/>; null (and a problem) when it cannot be read.</summary>
    public static byte[]? TryRead(ConfigFile file, ImmutableArray<ConfigProblem>.Builder problems)
    {
        try
        {
            using var stream = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length > MaxFileBytes)
            {
                problems.Add(new(file.RelativePath, null, null, string.Create(
                    CultureInfo.InvariantCulture, $"file is {stream.Length} bytes; the limit is {MaxFileBytes / 1024 / 1024} MiB")));
                return null;
            }

            var content = new byte[stream.Length];
            stream.ReadExactly(content);
            return content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(file.RelativePath, null, null, $"cannot read: {e.Message}"));
            return null;
        }
    }

    /// <summary>
    /// The path with every symlinked component resolved, like realpath(3) without the syscall.
    /// Used only to recognise a folder we are already inside.
    /// </summary>
    internal static string RealPath(string path) => RealPath(path, 0);

    private static string RealPath(string path, int hops)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var result = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(result, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is not null && hops < MaxLinkHops)
            {
                next = RealPath(Path.GetFullPath(target, result), hops + 1);
            }

            result = next;
        }

        return result;
    }

    private sealed class Walk(Func<string, bool> includeFile, ImmutableArray<ConfigProblem>.Builder problems, List<ConfigFile> files, ConfigJail jail)
    {
        private int _directories;

        public void Directory(string realPath, string relativePath, HashSet<string> branch, int depth)
        {
            if (++_directories > MaxDirectories)
            {
                // One problem for the whole scan, naming the first folder left out.
                if (_directories == MaxDirectories + 1)
                {
                    problems.Add(new(relativePath, null, null, $"not scanned: more than {MaxDirectories} folders (symlink fan-out?); this and every later folder skipped"));
                }

                return;
            }

            FileSystemInfo[] entries;
            try
            {
                entries = new DirectoryInfo(realPath).GetFileSystemInfos();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(new(relativePath, null, null, $"cannot list folder: {e.Message}"));
                return;
            }

            var subdirectories = new List<(string Name, string RealPath)>();
            var leafFiles = new List<(string Name, string FullPath)>();
            foreach (var entry in entries)
            {
                if (IsSkipped(entry.Name))
                {
                    continue;
                }

                if (entry.Name.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    // .NET cannot open a name that is not UTF-8 (it decodes it lossily); say so instead of "file not found".
                    problems.Add(new(relativePath + "/" + entry.Name.Replace('\uFFFD', '?'), null, null, "file name is not valid UTF-8 (each '?' stands for an undecodable byte); rename it"));
                    continue;
                }

                Classify(entry, relativePath + "/" + entry.Name, subdirectories, leafFiles);
            }

            subdirectories.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            leafFiles.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

            foreach (var (name, real) in subdirectories)
            {
                var childRelative = relativePath + "/" + name;
                if (branch.Contains(real))
                {
                    problems.Add(new(childRelative, null, null, "not scanned: symbolic link loop"));
                    continue;
                }

                if (depth + 1 > MaxDepth)
                {
                    problems.Add(new(childRelative, null, null, $"not scanned: deeper than {MaxDepth} levels"));
                    continue;
                }

                branch.Add(real);
                Directory(real, childRelative, branch, depth + 1);
                branch.Remove(real);
            }

            foreach (var (name, fullPath) in leafFiles)
            {
                files.Add(new(relativePath + "/" + name, fullPath));
            }
        }

        private void Classify(
            FileSystemInfo entry, string relativePath, List<(string, string)> subdirectories, List<(string, string)> leafFiles)
        {
            if (entry.LinkTarget is null)
            {
                if (entry is DirectoryInfo)
                {
                    subdirectories.Add((entry.Name, entry.FullName));
                }
                else if (includeFile(entry.Name))
                {
                    if (UnixFileType.Irregular(entry.FullName) is { } kind)
                    {
                        problems.Add(new(relativePath, null, null, $"refused: a {kind}, not a regular file"));
                        return;
                    }

                    leafFiles.Add((entry.Name, entry.FullName));
                }

                return;
            }

            FileSystemInfo? target;
            try
            {
                target = entry.ResolveLinkTarget(returnFinalTarget: true);
            }
            catch (IOException e)
            {
                if (includeFile(entry.Name))
                {
                    problems.Add(new(relativePath, null, null, $"cannot follow symbolic link: {e.Message}"));
                }

                return;
            }

            if (target is null || !target.Exists)
            {
                if (includeFile(entry.Name))
                {
                    problems.Add(new(relativePath, null, null, "broken symbolic link"));
                }

                return;
            }

            var real = RealPath(target.FullName);
            if (target is DirectoryInfo)
            {
                if (!jail.Contains(real))
                {
                    problems.Add(new(relativePath, null, null, OutsideMessage(real)));
                    return;
                }

                subdirectories.Add((entry.Name, real));
            }
            else if (includeFile(entry.Name))
            {
                if (!jail.Contains(real))
                {
                    problems.Add(new(relativePath, null, null, OutsideMessage(real)));
                }
                else if (UnixFileType.Irregular(real) is { } kind)
                {
                    problems.Add(new(relativePath, null, null, $"refused: symbolic link to a {kind} ({real}), not a regular file"));
                }
                else
                {
                    leafFiles.Add((entry.Name, real));
                }
            }
        }
    }
}

namespace Verwalter.Rendering.Commands;

/// <summary>
/// Replace-by-rename for <c>!Copy</c> and <c>!SplitText</c>: write <c>.tmp.&lt;name&gt;</c> next to the
/// target, flush it to disk, apply the mode, then <c>rename(2)</c> it over the target, so a reader
/// sees the old file or the new one, never a half-written one.
/// </summary>
internal static class AtomicFile
{
    private const int MaxMode = 0b111_111_111_111; // 07777

    /// <summary>Makes a command path absolute; relative paths are taken relative to <c>/</c>, like the children's working directory.</summary>
    public static string FullPath(string path) => Path.GetFullPath(path, ChildProcess.WorkingDirectory);

    public static string TempPathFor(string target) =>
        Path.Join(Path.GetDirectoryName(target), ".tmp." + Path.GetFileName(target));

    /// <summary>Checks that <paramref name="target"/> names a file in an existing folder.</summary>
    public static void RequireFileTarget(string target, string original, CommandStep step)
    {
        if (Path.EndsInDirectorySeparator(original) || Path.GetFileName(target).Length == 0)
        {
            throw step.Fail($"failed: destination \"{original}\" must name a file, not a folder");
        }

        if (Directory.Exists(target))
        {
            throw step.Fail($"failed: destination {target} is a folder; it must name a file");
        }

        var folder = Path.GetDirectoryName(target) ?? "/";
        if (!Directory.Exists(folder))
        {
            throw step.Fail($"failed: destination folder {folder} does not exist (or is not a folder)");
        }
    }

    public static void RequireMode(int? mode, CommandStep step)
    {
        if (mode is < 0 or > MaxMode)
        {
            throw step.Fail($"failed: mode {mode} is outside 0..07777");
        }
    }

    /// <summary>Writes <paramref name="temp"/> with <paramref name="write"/>, flushes it to disk and applies the mode.</summary>
    public static void WriteTemp(string temp, int? mode, Action<Stream> write)
    {
        using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            write(output);
            output.Flush(flushToDisk: true);
        }

        if (mode is { } m && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, (UnixFileMode)m);
        }
    }

    public static void Commit(string temp, string target) => File.Move(temp, target, overwrite: true);

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: a leftover .tmp. file is overwritten by the next apply.
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }

    public static bool IsFileError(Exception e) => e is IOException or UnauthorizedAccessException;
}

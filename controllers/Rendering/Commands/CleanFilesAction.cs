namespace Verwalter.Rendering.Commands;

/// <summary>
/// <c>!CleanFiles {pattern, keep-list}</c>: removes every file matching the capture-glob
/// <c>pattern</c> whose captured text is not a line of the <c>keep-list</c> file. Lines are compared
/// exactly (no trimming; only the line ending is dropped). In dry-run nothing is removed and each
/// file that would be is logged.
/// </summary>
internal static class CleanFilesAction
{
    public static string Describe(CleanFilesCommand command, CommandContext context) =>
        $"CleanFiles {CommandDescription.Quote(CommandExpander.Expand(command.Pattern, context))} "
        + $"keep-list {CommandDescription.Quote(CommandExpander.Expand(command.KeepList, context))}";

    public static void Run(CleanFilesCommand command, CommandStep step, CommandContext context)
    {
        CaptureGlob glob;
        try
        {
            glob = CaptureGlob.Parse(CommandExpander.Expand(command.Pattern, context));
        }
        catch (FormatException e)
        {
            throw step.Fail($"failed: pattern {e.Message}", e);
        }

        var keepList = AtomicFile.FullPath(CommandExpander.Expand(command.KeepList, context));
        HashSet<string> keep;
        try
        {
            keep = Lines(File.ReadAllText(keepList)).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (AtomicFile.IsFileError(e))
        {
            if (context.DryRun)
            {
                // An earlier command (not run in dry-run) may be what writes the keep-list.
                context.Log.WriteLine($"(dry_run) can't read keep-list {keepList} ({e.Message}); not listing files");
                return;
            }

            throw step.Fail($"failed: can't read keep-list {keepList}: {e.Message}", e);
        }

        foreach (var (path, name) in glob.EnumerateMatches())
        {
            if (keep.Contains(name))
            {
                continue;
            }

            if (context.DryRun)
            {
                context.Log.WriteLine($"(dry_run) would remove {path}");
                continue;
            }

            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (AtomicFile.IsFileError(e))
            {
                throw step.Fail($"failed: can't remove {path}: {e.Message}", e);
            }

            context.Log.WriteLine($"Removed {path}");
        }
    }

    /// <summary>The lines of a keep-list: split at <c>\n</c> (a <c>\r</c> before it is part of the line ending), no trimming.</summary>
    internal static IEnumerable<string> Lines(string text)
    {
        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        return lines.Take(count).Select(l => l.EndsWith('\r') ? l[..^1] : l);
    }
}

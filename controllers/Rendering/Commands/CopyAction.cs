namespace Verwalter.Rendering.Commands;

/// <summary>
/// <c>!Copy {src, dest, mode?}</c>: copies the (expanded) <c>src</c> over the (expanded) <c>dest</c>
/// atomically, see <see cref="AtomicFile"/>. On any failure the temp file is removed and the old
/// <c>dest</c> is left as it was.
/// </summary>
internal static class CopyAction
{
    public static string Describe(CopyCommand command, CommandContext context) =>
        $"Copy {CommandDescription.Quote(CommandExpander.Expand(command.Src, context))} -> "
        + $"{CommandDescription.Quote(CommandExpander.Expand(command.Dest, context))}{CommandDescription.Mode(command.Mode)}";

    public static void Run(CopyCommand command, CommandStep step, CommandContext context)
    {
        var src = AtomicFile.FullPath(CommandExpander.Expand(command.Src, context));
        var destText = CommandExpander.Expand(command.Dest, context);
        var dest = AtomicFile.FullPath(destText);
        AtomicFile.RequireMode(command.Mode, step);
        AtomicFile.RequireFileTarget(dest, destText, step);
        if (!File.Exists(src))
        {
            throw step.Fail($"failed: source file {src} does not exist");
        }

        var temp = AtomicFile.TempPathFor(dest);
        var doing = $"reading {src}";
        try
        {
            using (var input = new FileStream(src, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                doing = $"copying {src} to {temp}";
                AtomicFile.WriteTemp(temp, command.Mode, input.CopyTo);
            }

            doing = $"renaming {temp} to {dest}";
            AtomicFile.Commit(temp, dest);
        }
        catch (Exception e) when (AtomicFile.IsFileError(e))
        {
            AtomicFile.TryDelete(temp);
            throw step.Fail($"failed {doing}: {e.Message}", e);
        }

        context.Log.WriteLine($"Copied {src} to {dest}");
    }
}

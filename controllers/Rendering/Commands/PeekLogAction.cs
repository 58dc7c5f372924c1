namespace Verwalter.Rendering.Commands;

/// <summary>
/// <c>!PeekLog "logdir/path"</c>: records where an external log stood when this unit ran, so the
/// deployment log can point at the lines a command is about to add. Never fails the unit: a path
/// that is absolute, names no known log dir, or leaves its log dir only logs a warning.
/// </summary>
internal static class PeekLogAction
{
    public static string Describe(PeekLogCommand command, CommandContext context) =>
        $"PeekLog {CommandDescription.Quote(CommandExpander.Expand(command.Path, context))}";

    public static void Run(PeekLogCommand command, CommandContext context)
    {
        var path = CommandExpander.Expand(command.Path, context);
        if (Path.IsPathRooted(path))
        {
            Warn(context, path, "absolute paths are refused; write <log dir name>/<path>");
            return;
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == path.Length - 1)
        {
            Warn(context, path, "expected <log dir name>/<path>");
            return;
        }

        var name = path[..slash];
        var rest = path[(slash + 1)..];
        if (!context.LogDirs.TryGetValue(name, out var folder))
        {
            var known = string.Join(", ", context.LogDirs.Keys.Order(StringComparer.Ordinal));
            Warn(context, path, $"no log dir \"{name}\" in the sandbox config (known: {(known.Length == 0 ? "none" : known)})");
            return;
        }

        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        var full = Path.GetFullPath(Path.Join(root, rest));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            Warn(context, path, $"it leaves the log dir {root}");
            return;
        }

        var size = File.Exists(full) ? new FileInfo(full).Length : 0;
        context.Log.WriteLine($"PeekLog {CommandDescription.Quote(path)}: {full} is {size} bytes{(File.Exists(full) ? "" : " (missing)")}");
        context.Log.ExternalLog($"{name}/{rest}", size);
    }

    private static void Warn(CommandContext context, string path, string why) =>
        context.Log.WriteLine($"PeekLog warning: ignoring {CommandDescription.Quote(path)}: {why}");
}

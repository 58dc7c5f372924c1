using System.Collections.Immutable;

namespace Verwalter.Configuration;

/// <summary>
/// The folder every file of a config scan must really live in (after following every symlink),
/// plus the outside paths the operator allowed (<c>Verwalter:Config:AllowOutside</c>, docs/config-tree.md).
/// A link that resolves anywhere else is refused as a config problem naming the link, so
/// <c>ln -s /etc/shadow runtime/x.txt</c> never reaches the schedule.
/// </summary>
internal sealed class ConfigJail
{
    private static ImmutableArray<string> s_allowedOutside = [];

    private ConfigJail(string root, ImmutableArray<string> allowed)
    {
        Root = root;
        Allowed = allowed;
    }

    /// <summary>The real path of the config dir.</summary>
    public string Root { get; }

    /// <summary>Real paths outside <see cref="Root"/> that links may reach.</summary>
    public ImmutableArray<string> Allowed { get; }

    /// <summary>
    /// Sets the outside paths links may reach, once, from the daemon's options at start (the
    /// composition root); every later scan in the process uses them. Empty by default.
    /// </summary>
    public static void AllowOutside(IEnumerable<string> paths) =>
        s_allowedOutside = [.. paths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => ConfigDirectoryScanner.RealPath(p))];

    /// <summary>The jail of <paramref name="configDir"/>.</summary>
    public static ConfigJail For(string configDir) => new(ConfigDirectoryScanner.RealPath(configDir), s_allowedOutside);

    /// <summary>
    /// The jail of a role's template folder: the config dir above its nearest <c>templates</c>
    /// folder (so a link to a sibling template folder is fine), or the folder itself when it is
    /// not inside one (check mode on an arbitrary folder).
    /// </summary>
    public static ConfigJail ForTemplateFolder(string templateFolder)
    {
        var real = ConfigDirectoryScanner.RealPath(templateFolder);
        var marker = real.LastIndexOf(Path.DirectorySeparatorChar + "templates", StringComparison.Ordinal);
        var atFolder = marker >= 0 && (real.Length == marker + 10 || real[marker + 10] == Path.DirectorySeparatorChar);
        return new(atFolder ? real[..marker] : real, s_allowedOutside);
    }

    /// <summary>True when <paramref name="realPath"/> is the jail's root, below it, or below an allowed path.</summary>
    public bool Contains(string realPath) => Below(realPath, Root) || Allowed.Any(a => Below(realPath, a));

    private static bool Below(string path, string folder)
    {
        if (folder.Length == 0)
        {
            return false;
        }

        var root = Path.TrimEndingDirectorySeparator(folder);
        return path == root || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || root == "/";
    }
}

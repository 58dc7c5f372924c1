using System.Globalization;

namespace Verwalter.Storage;

/// <summary>
/// Moves a damaged file, or a file or folder in the way of one the node must write, beside
/// itself as <c>&lt;name&gt;.&lt;reason&gt;-&lt;UTC time&gt;</c> (with <c>-2</c>, <c>-3</c>… when that
/// name is taken), so nothing is deleted and the path is free again.
/// </summary>
public static class SetAside
{
    /// <summary>The reason for a file that failed to parse or whose hash did not match.</summary>
    public const string Corrupt = "corrupt";

    /// <summary>The reason for a path of the wrong kind (a folder where a file belongs, or the reverse).</summary>
    public const string Blocked = "blocked";

    /// <summary>Renames <paramref name="path"/>; returns the new path.</summary>
    public static string Move(string path, string reason, DateTimeOffset now)
    {
        var stamp = now.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var target = $"{path}.{reason}-{stamp}";
        for (var n = 2; File.Exists(target) || Directory.Exists(target); n++)
        {
            target = string.Create(CultureInfo.InvariantCulture, $"{path}.{reason}-{stamp}-{n}");
        }

        if (Directory.Exists(path))
        {
            Directory.Move(path, target);
        }
        else
        {
            File.Move(path, target);
        }

        return target;
    }
}

namespace Verwalter.Rendering.Logs;

/// <summary>Points a symlink at a new target without a moment where it is missing: <c>&lt;link&gt;.tmp</c> + rename.</summary>
internal static class AtomicSymlink
{
    /// <summary>Makes <paramref name="link"/> point at <paramref name="target"/> (a name relative to the link's folder).</summary>
    public static void Replace(string link, string target)
    {
        if (new FileInfo(link).LinkTarget == target)
        {
            return;
        }

        var temporary = link + ".tmp";
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, target);
        File.Move(temporary, link, overwrite: true);
    }
}

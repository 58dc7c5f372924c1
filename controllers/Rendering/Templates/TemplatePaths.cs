namespace Verwalter.Rendering.Templates;

/// <summary>
/// Path rules shared by the render-file parser and the template loader: how a file is named in
/// an error message and how a <c>templates:</c> entry is turned into a path inside the template
/// folder.
/// </summary>
internal static class TemplatePaths
{
    /// <summary>
    /// How <paramref name="relativePath"/> (inside <paramref name="templateFolder"/>) is named in
    /// messages: from the nearest enclosing folder called <c>templates</c> (the config folder's
    /// one, e.g. <c>templates/web/v1/web.render.yaml</c>), or by full path when there is none,
    /// as in check mode with an arbitrary folder.
    /// </summary>
    public static string Display(string templateFolder, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(templateFolder, relativePath)).Replace('\\', '/');
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(templateFolder)).Replace('\\', '/') + "/";
        var marker = folder.LastIndexOf("/templates/", StringComparison.Ordinal);
        return marker >= 0 && (full + "/").StartsWith(folder, StringComparison.Ordinal) ? full[(marker + 1)..] : full;
    }

    /// <summary>
    /// Resolves <paramref name="target"/>, written relative to the folder of the render file
    /// <paramref name="renderFile"/>, to a path relative to the template folder with forward
    /// slashes. Null when it would leave the template folder.
    /// </summary>
    public static string? ResolveInside(string templateFolder, string renderFile, string target)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(templateFolder));
        var baseFolder = Path.GetDirectoryName(Path.Combine(root, renderFile)) ?? root;
        var full = Path.GetFullPath(Path.Combine(baseFolder, target));
        var relative = Path.GetRelativePath(root, full);
        if (relative == "." || Path.IsPathRooted(relative) || relative == ".."
            || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return null;
        }

        return relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}

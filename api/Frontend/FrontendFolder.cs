using System.Globalization;
using Verwalter.Rendering.Logs;

namespace Verwalter.Api.Frontend;

/// <summary>
/// Finds files below a folder on disk (a frontend under <c>&lt;config&gt;/frontend/</c>, or the
/// scheduler's wasm files), refusing anything that could leave it: every path part must be a
/// plain name not starting with a dot, and the real path of the file (after symlinks) must lie inside the folder's.
/// </summary>
internal static class FrontendFolder
{
    /// <summary>The file, or <see langword="null"/> when it is missing, not a plain path, or outside <paramref name="root"/>.</summary>
    public static FrontendFile? Find(string root, string relative)
    {
        var parts = relative.Split('/');
        if (parts.Length == 0 || !parts.All(IsValidName))
        {
            return null;
        }

        var candidate = Path.Join([Path.GetFullPath(root), .. parts]);
        if (!File.Exists(candidate) || RealPath.Resolve(root) is not { } realRoot || RealPath.Resolve(candidate) is not { } realFile)
        {
            return null;
        }

        var prefix = realRoot.EndsWith(Path.DirectorySeparatorChar) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        if (!realFile.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var info = new FileInfo(realFile);
        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        var tag = string.Create(CultureInfo.InvariantCulture, $"\"{info.Length:x}-{modified.UtcTicks:x}\"");
        return new FrontendFile(relative, null, realFile, modified, tag, Immutable: false);
    }

    /// <summary>
    /// A path part or frontend name (<c>/~NAME/</c>, <c>--default-frontend</c>): a plain name
    /// (no <c>/</c>, <c>\</c>, NUL, <c>.</c> or <c>..</c>) that does not start with <c>.</c>, so hidden files stay hidden.
    /// </summary>
    public static bool IsValidName(string name) => LogNames.IsPlainName(name) && name[0] != '.';
}

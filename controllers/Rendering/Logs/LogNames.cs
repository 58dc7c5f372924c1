namespace Verwalter.Rendering.Logs;

/// <summary>Which names may become a path component under a log folder.</summary>
internal static class LogNames
{
    /// <summary>
    /// A plain file name: not empty, not <c>.</c> or <c>..</c>, and free of <c>/</c>, <c>\</c>
    /// and NUL. Such a name can only ever name an entry of the folder it is joined to.
    /// </summary>
    public static bool IsPlainName(string part) =>
        part.Length > 0 && part is not "." and not ".." && part.IndexOfAny(['/', '\\', '\0']) < 0;

    /// <summary>
    /// A role folder name: a plain name that does not start with <c>.</c>, so it cannot collide
    /// with <c>.index</c>, <c>.global</c> or <c>.changes</c>.
    /// </summary>
    public static bool IsRoleName(string role) => IsPlainName(role) && role[0] != '.';

    public static void ThrowIfNotRoleName(string role, string paramName)
    {
        if (!IsRoleName(role))
        {
            throw new ArgumentException($"'{role}' is not a usable role log folder name (no '/', '\\', NUL, '..' or leading '.')", paramName);
        }
    }
}

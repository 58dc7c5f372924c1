namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Maps a <c>require</c> name to a scheduler file the way verwalter did: the name is a path
/// relative to <c>scheduler/v1</c> whose extension is forced to <c>.lua</c>, so <c>"a.b"</c> is
/// <c>a.lua</c>, <c>"x/y.lua"</c> is <c>x/y.lua</c> and <c>"toolbox/modules/api"</c> is
/// <c>toolbox/modules/api.lua</c>. Stricter than verwalter: names that could leave the folder are refused.
/// </summary>
internal static class LuaModulePath
{
    /// <returns>The relative path, or null with <paramref name="error"/> saying why the name is refused.</returns>
    public static string? Resolve(string name, out string error)
    {
        error = "";
        if (name.Length == 0)
        {
            error = "empty module name";
            return null;
        }

        if (name.Contains('\0', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            error = "module names may not contain NUL or backslash";
            return null;
        }

        if (name.StartsWith('/') || (name.Length > 1 && name[1] == ':'))
        {
            error = "module names must be relative to the scheduler directory";
            return null;
        }

        var segments = name.Split('/');
        foreach (var segment in segments)
        {
            if (segment is "" or "." or "..")
            {
                error = "module names may not contain empty, '.' or '..' path segments";
                return null;
            }
        }

        var last = segments[^1];
        var dot = last.LastIndexOf('.');
        segments[^1] = (dot > 0 ? last[..dot] : last) + ".lua";
        return string.Join('/', segments);
    }
}

namespace Verwalter.Rendering.Logs;

/// <summary>
/// Maps a <c>/v1/log/…</c> route path to a file, refusing anything that could leave the
/// route's base folder: every part must be a plain name, and the real path of the file (after
/// following symlinks such as <c>latest</c>) must lie inside the real path of the base folder.
/// </summary>
internal static class LogFileResolver
{
    /// <summary>The base folder of <paramref name="area"/>, or <see langword="null"/> for an unknown external name.</summary>
    public static string? BaseFolder(LogDirectories directories, LogFileArea area, string? externalName) => area switch
    {
        LogFileArea.Index => Path.Join(directories.LogDir, DeploymentLogWriter.IndexFolder),
        LogFileArea.Global => Path.Join(directories.LogDir, DeploymentLogWriter.GlobalFolder),
        LogFileArea.Changes => Path.Join(directories.LogDir, DeploymentLogWriter.ChangesFolder),
        LogFileArea.Role => directories.LogDir,
        LogFileArea.External => externalName is not null && directories.ExternalLogDirs.TryGetValue(externalName, out var dir) ? dir : null,
        _ => throw new ArgumentOutOfRangeException(nameof(area), area, null),
    };

    /// <param name="directories">The configured log folders.</param>
    /// <param name="area">Which route.</param>
    /// <param name="externalName">The <c>&lt;name&gt;</c> of <c>/v1/log/external/&lt;name&gt;/…</c>; ignored otherwise.</param>
    /// <param name="path">The rest of the route path, <c>/</c>-separated, already URL-decoded.</param>
    public static LogFileResolution Resolve(LogDirectories directories, LogFileArea area, string? externalName, string? path)
    {
        if (BaseFolder(directories, area, externalName) is not { } baseFolder)
        {
            return LogFileResolution.Forbidden($"no external log folder named '{externalName}'");
        }

        var parts = (path ?? string.Empty).Split('/');
        if (!parts.All(LogNames.IsPlainName))
        {
            return LogFileResolution.NotFound("every path part must be a plain name");
        }

        var candidate = Path.Join([Path.GetFullPath(baseFolder), .. parts]);
        if (!File.Exists(candidate))
        {
            return LogFileResolution.NotFound("no such log file");
        }

        if (RealPath.Resolve(baseFolder) is not { } realBase || RealPath.Resolve(candidate) is not { } realFile)
        {
            return LogFileResolution.NotFound("no such log file");
        }

        var prefix = realBase.EndsWith(Path.DirectorySeparatorChar) ? realBase : realBase + Path.DirectorySeparatorChar;
        return realFile.StartsWith(prefix, StringComparison.Ordinal)
            ? LogFileResolution.Found(realFile)
            : LogFileResolution.Forbidden("the log file resolves outside its folder");
    }
}

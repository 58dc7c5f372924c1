namespace Verwalter.Rendering.Commands;

/// <summary>
/// Environment variables verwalter exports to the programs its render commands run (they inherit
/// verwalter's own environment), so a render file can call this very executable and reach the
/// supervisor the daemon was given: <c>!Sh '"$VERWALTER_EXE" switch --config "$VERWALTER_SUPERVISOR_CONFIG" …'</c>.
/// </summary>
public static class CommandEnvironment
{
    /// <summary>The running verwalter executable (an absolute path that can be run directly).</summary>
    public const string Executable = "VERWALTER_EXE";

    /// <summary>The daemon's <c>--supervisor-config</c> (absolute), embedded or separate.</summary>
    public const string SupervisorConfig = "VERWALTER_SUPERVISOR_CONFIG";

    /// <summary>Sets <see cref="Executable"/> for every child, and <see cref="SupervisorConfig"/> when given.</summary>
    public static void Export(string? supervisorConfig = null)
    {
        if (ExecutablePath() is { } exe)
        {
            Environment.SetEnvironmentVariable(Executable, exe);
        }

        if (supervisorConfig is not null)
        {
            Environment.SetEnvironmentVariable(SupervisorConfig, Path.GetFullPath(supervisorConfig));
        }
    }

    /// <summary>
    /// The apphost (<c>verwalter</c>) when we run as one, else the apphost next to
    /// <c>verwalter.dll</c> when run as <c>dotnet verwalter.dll</c>; null when there is none.
    /// </summary>
    public static string? ExecutablePath()
    {
        var process = Environment.ProcessPath;
        if (process is not null && !Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.Ordinal))
        {
            return process;
        }

        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "verwalter.exe" : "verwalter");
        return File.Exists(apphost) ? apphost : null;
    }
}

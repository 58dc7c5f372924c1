namespace Verwalter.Supervision.Runtime;

/// <summary>Where the launcher chain's programs are: util-linux <c>prlimit</c> and <c>setpriv</c>, and bubblewrap.</summary>
internal sealed record BwrapTools(string Prlimit, string Setpriv, string Bwrap)
{
    public static BwrapTools Default { get; } = new("/usr/bin/prlimit", "/usr/bin/setpriv", "/usr/bin/bwrap");

    /// <summary>The first tool that is missing, or null when all are there.</summary>
    public string? Missing() => new[] { Prlimit, Setpriv, Bwrap }.FirstOrDefault(p => !File.Exists(p));

    /// <summary>Whether bwrap is installed setuid root (then it forks a helper inside the sandbox's PID namespace before the command).</summary>
    public bool IsSetuid() => !OperatingSystem.IsWindows() && File.Exists(Bwrap) && (File.GetUnixFileMode(Bwrap) & UnixFileMode.SetUser) != 0;
}

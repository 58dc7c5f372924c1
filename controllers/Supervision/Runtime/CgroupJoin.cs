using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Puts the launcher chain into its cgroups before anything of the sandbox exists: the chain is
/// started as <c>/bin/sh -c SCRIPT verwalter-cgroup-join N FILE… PROGRAM ARGS…</c>, and the shell
/// writes <c>0</c> (the writer itself, on v1 and v2) to each <c>cgroup.procs</c> and then
/// <c>exec</c>s the chain. prlimit, setpriv and bwrap are the same process afterwards and every
/// process of the sandbox is forked from it, so all of them start inside the groups; nothing
/// depends on the supervisor writing a pid in time. A group that cannot be joined is reported on
/// the instance's output and the instance starts anyway (lithos only logs cgroup errors).
/// </summary>
internal static class CgroupJoin
{
    public const string Shell = "/bin/sh";

    public const string Script =
        "n=$1; shift; while [ \"$n\" -gt 0 ]; do echo 0 > \"$1\" || echo \"verwalter: cannot join cgroup $1\" >&2; shift; n=$((n - 1)); done; exec \"$@\"";

    /// <summary>The argv (argv[0] included) that joins <paramref name="procs"/> and then execs <paramref name="argv"/>.</summary>
    public static ImmutableArray<string> Wrap(ImmutableArray<string> procs, ImmutableArray<string> argv) =>
        [Shell, "-c", Script, "verwalter-cgroup-join", procs.Length.ToString(CultureInfo.InvariantCulture), .. procs, .. argv];
}

using System.Collections.Immutable;

namespace Verwalter.Rendering.Commands;

/// <summary>
/// The argv actually run for <c>!RootCommand</c>, <c>!Cmd</c> and <c>!Sh</c>. Kept as the original
/// had it [QUIRK, spec §10 item 7]: <c>!Cmd</c> never expands argv[0], and <c>!RootCommand</c>
/// expands it only on the <c>sudo</c> path.
/// </summary>
internal static class ProcessArgv
{
    public const string Sudo = "/usr/bin/sudo";

    public static ImmutableArray<string> Root(ImmutableArray<string> argv, bool isRoot, Func<string, string> expand)
    {
        Require(argv, "RootCommand");
        return isRoot
            ? [argv[0], .. argv.Skip(1).Select(expand)]
            : [Sudo, "-n", .. argv.Select(expand)];
    }

    public static ImmutableArray<string> Cmd(ImmutableArray<string> argv, Func<string, string> expand)
    {
        Require(argv, "Cmd");
        return [argv[0], .. argv.Skip(1).Select(expand)];
    }

    public static ImmutableArray<string> Sh(string script, Func<string, string> expand) => ["sh", "-exc", expand(script)];

    private static void Require(ImmutableArray<string> argv, string name)
    {
        if (argv.IsDefaultOrEmpty)
        {
            throw new FormatException($"!{name} needs at least a program name");
        }
    }
}

using System.Collections.Immutable;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Everything needed to start one instance: the program and argv (the prlimit → setpriv → bwrap
/// chain), the environment of the launcher itself (empty: bwrap sets the container's), where its
/// output goes, and the host directories to create first.
/// </summary>
internal sealed record LaunchSpec(
    string Program,
    ImmutableArray<string> Arguments,
    string OutputPath,
    ImmutableArray<DirectoryToCreate> Directories)
{
    public bool Equals(LaunchSpec? other) =>
        other is not null && Program == other.Program && OutputPath == other.OutputPath
        && Arguments.SequenceEqual(other.Arguments) && Directories.SequenceEqual(other.Directories);

    public override int GetHashCode() => HashCode.Combine(Program, OutputPath, Arguments.Length);
}

/// <summary>A host directory a volume needs before the container starts (<c>!Persistent {mkdir: true}</c>, <c>!Statedir</c>).</summary>
internal sealed record DirectoryToCreate(string Path, int Mode, long User, long Group);

using System.Collections.Immutable;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Everything needed to start one instance: the program and argv (the prlimit → setpriv → bwrap
/// chain), the environment of the launcher itself (empty: bwrap sets the container's), where its
/// output goes, the host directories to create first, the listening sockets to hand over and the
/// descriptor bwrap's status file goes on.
/// </summary>
internal sealed record LaunchSpec(
    string Program,
    ImmutableArray<string> Arguments,
    string OutputPath,
    ImmutableArray<DirectoryToCreate> Directories)
{
    /// <summary>The instance's listening sockets, each on its descriptor in the container.</summary>
    public ImmutableArray<SocketBinding> Sockets { get; init; } = [];

    /// <summary>bwrap's <c>--json-status-fd</c>: above stdio and every socket.</summary>
    public int StatusFd { get; init; } = 3;

    public bool Equals(LaunchSpec? other) =>
        other is not null && Program == other.Program && OutputPath == other.OutputPath && StatusFd == other.StatusFd
        && Arguments.SequenceEqual(other.Arguments) && Directories.SequenceEqual(other.Directories) && Sockets.SequenceEqual(other.Sockets);

    public override int GetHashCode() => HashCode.Combine(Program, OutputPath, Arguments.Length);
}

/// <summary>A host directory a volume needs before the container starts (<c>!Persistent {mkdir: true}</c>, <c>!Statedir</c>).</summary>
internal sealed record DirectoryToCreate(string Path, int Mode, long User, long Group);

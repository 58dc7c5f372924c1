using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// The container config inside an image (spec B.2.4), written by the developer: the command, its
/// environment, user, volumes, ports and limits. <c>metadata</c> is accepted and ignored.
/// Equality compares collection members by content. The diff does not compare it: images are
/// immutable, so the diff compares <see cref="InstanceIdentity"/>.
/// </summary>
internal sealed record ContainerConfig(
    ProcessKind Kind,
    ImmutableSortedDictionary<string, VariableType> Variables,
    long? UserId,
    long? GroupId,
    long MemoryLimit,
    long CpuShares,
    long FilenoLimit,
    TimeSpan RestartTimeout,
    TimeSpan KillTimeout,
    string Executable,
    ImmutableArray<string> Arguments,
    ImmutableSortedDictionary<string, string> Environ,
    bool HasSecrets,
    string Workdir,
    HostFileSettings ResolvConf,
    HostFileSettings HostsFile,
    ImmutableArray<IdMap> UidMap,
    ImmutableArray<IdMap> GidMap,
    string? StdoutStderrFile,
    bool Interactive,
    bool RestartProcessOnly,
    ImmutableArray<int> NormalExitCodes,
    ImmutableSortedDictionary<string, Volume> Volumes,
    ImmutableSortedDictionary<string, TcpPortConfig> TcpPorts)
{
    public bool Equals(ContainerConfig? other) =>
        other is not null
        && (Kind, UserId, GroupId, MemoryLimit, CpuShares, FilenoLimit, RestartTimeout, KillTimeout, Executable)
            == (other.Kind, other.UserId, other.GroupId, other.MemoryLimit, other.CpuShares, other.FilenoLimit,
                other.RestartTimeout, other.KillTimeout, other.Executable)
        && (HasSecrets, Workdir, ResolvConf, HostsFile, StdoutStderrFile, Interactive, RestartProcessOnly)
            == (other.HasSecrets, other.Workdir, other.ResolvConf, other.HostsFile, other.StdoutStderrFile,
                other.Interactive, other.RestartProcessOnly)
        && Variables.SequenceEqual(other.Variables)
        && Arguments.SequenceEqual(other.Arguments)
        && Environ.SequenceEqual(other.Environ)
        && UidMap.SequenceEqual(other.UidMap)
        && GidMap.SequenceEqual(other.GidMap)
        && NormalExitCodes.SequenceEqual(other.NormalExitCodes)
        && Volumes.SequenceEqual(other.Volumes)
        && TcpPorts.SequenceEqual(other.TcpPorts);

    public override int GetHashCode() => HashCode.Combine(Kind, Executable, Arguments.Length, Environ.Count, Volumes.Count);
}

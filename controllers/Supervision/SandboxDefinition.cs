using System.Collections.Immutable;

namespace Verwalter.Supervision;

/// <summary>
/// <c>sandboxes/NAME.yaml</c>, written by the platform admin: everything a processes file and the
/// images in this sandbox are allowed to use (spec B.2.2, B.6).
/// </summary>
internal sealed record SandboxDefinition(
    string Name,
    string Path,
    string ConfigFile,
    string ImageDir,
    int ImageDirLevels,
    string? UsedImagesList,
    bool AutoClean,
    string LogFile,
    string? LogLevel,
    ImmutableSortedDictionary<string, string> ReadonlyPaths,
    ImmutableSortedDictionary<string, string> WritablePaths,
    ImmutableArray<IdRange> AllowUsers,
    ImmutableArray<IdRange> AllowGroups,
    long? DefaultUser,
    long DefaultGroup,
    ImmutableArray<IdRange> AllowTcpPorts,
    ImmutableSortedDictionary<string, string> AdditionalHosts,
    ImmutableArray<IdMap> UidMap,
    ImmutableArray<IdMap> GidMap,
    string ResolvConf,
    string HostsFile,
    BridgedNetwork? BridgedNetwork,
    string? SecretsPrivateKey,
    ImmutableArray<string> SecretsNamespaces);

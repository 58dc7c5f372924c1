namespace Verwalter.Supervision;

/// <summary>
/// <c>resolv-conf</c> and <c>hosts-file</c> of a container (spec B.4.3). <see cref="Mount"/> null
/// means "auto"; <see cref="Localhost"/> and <see cref="PublicHostname"/> only apply to hosts.
/// </summary>
internal sealed record HostFileSettings(bool? Mount, bool CopyFromHost, bool? Localhost, bool? PublicHostname);

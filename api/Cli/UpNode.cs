using System.Net;

namespace Verwalter.Api.Cli;

/// <summary>One node of a local cluster: who it is, where it listens and the daemon arguments that make it so.</summary>
internal sealed record UpNode(
    int Index,
    string Name,
    IPEndPoint Endpoint,
    string MachineId,
    string Dir,
    string LogFile,
    IReadOnlyList<string> DaemonArgs)
{
    public Uri BaseUri => new($"http://{Endpoint}/");
}

namespace Verwalter.Api.Cli;

/// <summary>What <c>verwalter up --json</c> prints once every node is ready.</summary>
internal sealed record UpReport(string ConfigDir, string WorkDir, bool Joined, IReadOnlyList<UpReportNode> Nodes)
{
    /// <summary>The key file every node was given (<c>--cluster-key-file</c>); null when the user passed their own through <c>--daemon-arg</c>.</summary>
    public string? ClusterKeyFile { get; init; }

    public static UpReport Create(string configDir, string workDir, bool joined, IReadOnlyList<UpChild> children) =>
        new(configDir, workDir, joined, children.Select(c => new UpReportNode(
            c.Node.Name,
            c.Node.Endpoint.Address.ToString(),
            c.Node.Endpoint.Port,
            c.Node.BaseUri.ToString(),
            c.Node.MachineId,
            c.Pid,
            c.Node.LogFile)).ToList());
}

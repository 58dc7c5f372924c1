namespace Verwalter.Api.Hosting;

/// <summary>The daemon's command-line settings.</summary>
internal sealed record DaemonSettings(
    string ConfigDir,
    string StorageDir,
    string LogDir,
    string Host,
    int Port,
    string? Hostname,
    string? OverrideMachineId)
{
    /// <summary>Seeds, cluster key and peer source (docs/controllers/peers.md).</summary>
    public ClusterSettings Cluster { get; init; } = ClusterSettings.None;

    /// <summary>Run the process supervisor inside the daemon (<c>--supervisor embedded</c>).</summary>
    public bool EmbeddedSupervisor { get; init; }

    /// <summary>The supervisor's master.yaml, run when embedded and read for /v1/status otherwise.</summary>
    public string SupervisorConfig { get; init; } = Supervision.SupervisorOptions.DefaultMasterPath;

    /// <summary><c>--allow-minority-cluster</c> (docs/controllers/leadership.md).</summary>
    public bool AllowMinorityCluster { get; init; }

    /// <summary><c>--api-token-file</c>: state-changing routes need this bearer token (docs/api.md#api-token).</summary>
    public string? ApiTokenFile { get; init; }

    /// <summary><c>--api-token-protects-reads</c>: reads need the token too; <c>/healthz</c> and <c>/readyz</c> stay open.</summary>
    public bool ApiTokenProtectsReads { get; init; }
    /// <summary><c>--default-frontend</c>: what <c>/</c> and the page routes serve (docs/ui.md).</summary>
    public string DefaultFrontend { get; init; } = Frontend.FrontendSettings.Common;
}

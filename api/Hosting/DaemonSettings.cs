namespace Verwalter.Api.Hosting;

/// <summary>The daemon's command-line settings.</summary>
internal sealed record DaemonSettings(
    string ConfigDir,
    string StorageDir,
    string LogDir,
    string Host,
    int Port,
    string? Hostname,
    string? OverrideMachineId);

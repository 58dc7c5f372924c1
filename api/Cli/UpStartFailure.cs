namespace Verwalter.Api.Cli;

/// <summary>Why a node of <c>verwalter up</c> did not become ready: it exited (with its code) or timed out.</summary>
internal sealed record UpStartFailure(UpChild Child, string What, int? ExitCode);

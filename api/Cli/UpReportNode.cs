namespace Verwalter.Api.Cli;

/// <summary>One node in <see cref="UpReport"/>.</summary>
internal sealed record UpReportNode(string Name, string Address, int Port, string Url, string Id, int Pid, string OutputFile);

namespace Verwalter.Api.Contracts;

/// <summary><c>verwalter check --json</c>.</summary>
internal sealed record CheckReport(string ConfigDir, bool Ok, IReadOnlyList<CheckProblem> Problems);

internal sealed record CheckProblem(string Path, int? Line, int? Column, string Message);

namespace Verwalter.Api.Contracts;

/// <summary><c>/readyz</c>: ready, and if not, why.</summary>
internal sealed record ReadinessResponse(bool Ready, IReadOnlyList<string> Reasons);

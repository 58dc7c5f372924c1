namespace Verwalter.Api.Contracts;

/// <summary>
/// <c>/readyz</c>: ready, and if not, why. <see cref="Degraded"/> lists faults that do not stop
/// the node serving (a storage write failing and being retried): ready, but look here.
/// </summary>
internal sealed record ReadinessResponse(bool Ready, IReadOnlyList<string> Reasons, IReadOnlyList<string> Degraded);

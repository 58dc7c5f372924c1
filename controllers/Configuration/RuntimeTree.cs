using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Verwalter.Configuration;

/// <summary>
/// The <c>runtime</c> folder as one JSON object, handed to the scheduler as <c>runtime</c>.
/// <see cref="Tree"/> is a fresh object owned by whoever loaded it; treat it as read-only once
/// published. <see cref="Fingerprint"/> changes exactly when a file that was read changes, so a
/// caller can skip a reschedule when a reload produced the same input.
/// </summary>
internal sealed record RuntimeTree(JsonObject Tree, ImmutableArray<ConfigProblem> Problems, string Fingerprint);

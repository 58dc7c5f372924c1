using System.Collections.Immutable;
using Verwalter.Scheduling;

namespace Verwalter.Configuration;

/// <summary>
/// Result of reading <c>scheduler/v1</c>. <see cref="Source"/> is null when there is nothing the
/// Lua engine could run (no folder or no <c>main.lua</c>); the caller then keeps its previous
/// scheduler. Problems may be present even when <see cref="Source"/> is not null.
/// </summary>
internal sealed record SchedulerSourceLoad(SchedulerSource? Source, ImmutableArray<ConfigProblem> Problems);

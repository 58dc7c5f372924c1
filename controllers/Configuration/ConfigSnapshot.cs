using System.Collections.Immutable;
using Verwalter.Scheduling;

namespace Verwalter.Configuration;

/// <summary>
/// The config loop's published view of the config dir: the runtime tree (UTF-8 JSON), the last
/// scheduler source that loaded, and every problem found, each naming its file.
/// </summary>
internal sealed record ConfigSnapshot(
    byte[] RuntimeJson,
    string RuntimeFingerprint,
    ImmutableArray<ConfigProblem> RuntimeProblems,
    SchedulerSource? Scheduler,
    ImmutableArray<ConfigProblem> SchedulerProblems,
    DateTimeOffset LoadedAt)
{
    public int ProblemCount => RuntimeProblems.Length + SchedulerProblems.Length;
}

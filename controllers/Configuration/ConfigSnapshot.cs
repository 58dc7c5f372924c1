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
    /// <summary>Log dirs and other admin settings from <c>sandbox/</c>.</summary>
    public SandboxConfig Sandbox { get; init; } = SandboxConfig.Empty;

    public ImmutableArray<ConfigProblem> SandboxProblems { get; init; } = [];

    /// <summary>Changes whenever anything under <c>templates/</c> or <c>sandbox/</c> changes, so renders re-check.</summary>
    public string TemplatesFingerprint { get; init; } = "";

    public int ProblemCount => RuntimeProblems.Length + SchedulerProblems.Length + SandboxProblems.Length;
}

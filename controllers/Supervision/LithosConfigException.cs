using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>
/// A supervisor config file that is malformed or breaks a rule of the sandbox. Carries the file,
/// the line and the field so <c>switch</c> and <c>lithos-check</c> can print it as is.
/// </summary>
internal sealed class LithosConfigException(ConfigProblem problem) : Exception(problem.ToString())
{
    public ConfigProblem Problem { get; } = problem;
}

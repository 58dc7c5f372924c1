namespace Verwalter.Tests.Api.Metrics;

internal sealed record PromtoolResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string Output => (StandardOutput + StandardError).Trim();
}

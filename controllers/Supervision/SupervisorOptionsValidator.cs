using Microsoft.Extensions.Options;

namespace Verwalter.Supervision;

/// <summary>The ranges of <see cref="SupervisorOptions"/>, checked without reflection.</summary>
internal sealed class SupervisorOptionsValidator : IValidateOptions<SupervisorOptions>
{
    public ValidateOptionsResult Validate(string? name, SupervisorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.MasterPath))
        {
            failures.Add("Verwalter:Supervisor:MasterPath is required");
        }

        if (string.IsNullOrWhiteSpace(options.CgroupRoot))
        {
            failures.Add("Verwalter:Supervisor:CgroupRoot is required");
        }

        Range(failures, nameof(options.BackoffBase), options.BackoffBase, TimeSpan.FromMilliseconds(1), TimeSpan.FromHours(1));
        Range(failures, nameof(options.BackoffCap), options.BackoffCap, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Range(failures, nameof(options.StableRun), options.StableRun, TimeSpan.Zero, TimeSpan.FromDays(1));
        Range(failures, nameof(options.StatusInterval), options.StatusInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string field, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"Verwalter:Supervisor:{field} ({value}) must be between {min} and {max}");
        }
    }
}

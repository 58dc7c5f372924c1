namespace Verwalter.Tests.Supervision.Real;

/// <summary>A fact that is skipped, with the reason, when the host lacks the cgroup hierarchy it needs.</summary>
public sealed class CgroupFactAttribute : FactAttribute
{
    public CgroupFactAttribute(bool unified = false)
    {
        if ((unified ? RealCgroups.UnifiedSkipReason : RealCgroups.V1SkipReason) is { } reason)
        {
            Skip = reason;
        }
    }
}

namespace Verwalter.Supervision;

/// <summary>Which cgroup interface the supervisor writes limits through.</summary>
internal enum CgroupVersion
{
    /// <summary>Per-controller hierarchies under <c>/sys/fs/cgroup/&lt;controller&gt;</c> (lithos's model).</summary>
    V1,

    /// <summary>The unified hierarchy (<c>cgroup.controllers</c> at the root).</summary>
    V2,
}

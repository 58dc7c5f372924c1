namespace Verwalter.Supervision;

/// <summary>One value written to one file of an instance's cgroup; an optional file is skipped when the kernel does not offer it.</summary>
internal readonly record struct CgroupWrite(string File, string Value, bool Optional);

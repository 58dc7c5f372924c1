namespace Verwalter.Supervision;

/// <summary><c>!Readonly "/virt"</c>: resolved through readonly-paths, then writable-paths, mounted read-only.</summary>
internal sealed record ReadonlyVolume(string Path) : Volume;

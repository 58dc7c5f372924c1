namespace Verwalter.Supervision;

/// <summary><c>!Persistent {path, mkdir, mode, user, group}</c>: a writable bind through writable-paths only.</summary>
internal sealed record PersistentVolume(string Path, bool Mkdir, int Mode, long User, long Group) : Volume;

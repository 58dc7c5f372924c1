namespace Verwalter.Supervision;

/// <summary><c>!Statedir {path, mode, user, group}</c>: a folder of the instance's state dir.</summary>
internal sealed record StatedirVolume(string Path, int Mode, long User, long Group) : Volume;

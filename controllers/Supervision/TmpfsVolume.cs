namespace Verwalter.Supervision;

/// <summary><c>!Tmpfs {size, mode}</c>: a fresh tmpfs; size in bytes (default 100Mi).</summary>
internal sealed record TmpfsVolume(long Size, int Mode) : Volume;

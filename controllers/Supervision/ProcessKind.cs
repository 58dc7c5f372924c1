namespace Verwalter.Supervision;

/// <summary>What an entry or a container is for; the supervisor only keeps <see cref="Daemon"/> entries running.</summary>
internal enum ProcessKind
{
    Daemon,
    Command,
    CommandOrDaemon,
}

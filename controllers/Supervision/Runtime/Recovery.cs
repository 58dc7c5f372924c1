namespace Verwalter.Supervision.Runtime;

/// <summary>What <see cref="IProcessLauncher.Recover"/> found: the processes adopted and the records it had to move aside.</summary>
internal sealed record Recovery(IReadOnlyList<RunningProcess> Adopted, IReadOnlyList<CorruptRecord> Corrupt);

namespace Verwalter.Supervision;

/// <summary>How a supervised process ended: an exit code, or the signal that killed it.</summary>
internal readonly record struct ProcessExit(DateTimeOffset At, int? ExitCode, int? Signal)
{
    public const int SigTerm = 15;

    public static ProcessExit Code(DateTimeOffset at, int code) => new(at, code, null);

    public static ProcessExit Killed(DateTimeOffset at, int signal) => new(at, null, signal);
}

namespace Verwalter.Api.Cli;

/// <summary>
/// How long <c>verwalter up</c> waits: for every node to answer <c>/readyz</c> (an election and
/// the first replicated schedule take seconds), and for a node to stop after SIGTERM before it
/// is killed. <paramref name="Interactive"/> selects the live progress display over plain lines.
/// </summary>
internal sealed record UpSettings(TimeSpan ReadyTimeout, TimeSpan StopGrace, bool Interactive)
{
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(120);
    public static readonly TimeSpan DefaultStopGrace = TimeSpan.FromSeconds(10);
}

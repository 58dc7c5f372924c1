namespace Verwalter.Leadership;

/// <summary>Send <paramref name="Message"/> with <paramref name="Epoch"/> to every known peer.</summary>
internal sealed record BroadcastAction(long Epoch, ElectionMessage Message) : ElectionAction;

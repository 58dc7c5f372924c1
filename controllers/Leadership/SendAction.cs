namespace Verwalter.Leadership;

/// <summary>Send <paramref name="Message"/> with <paramref name="Epoch"/> to one peer.</summary>
internal sealed record SendAction(string To, long Epoch, ElectionMessage Message) : ElectionAction;

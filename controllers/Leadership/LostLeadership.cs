namespace Verwalter.Leadership;

/// <summary>This node led in <paramref name="Epoch"/> and no longer does: drop pending actions and the owned schedule.</summary>
internal sealed record LostLeadership(long Epoch) : ElectionAction;

namespace Verwalter.Leadership;

/// <summary>The result of one input: the new state, what to do, and when to call <see cref="ElectionMachine.Tick"/> next.</summary>
internal sealed record ElectionStep(ElectionState State, IReadOnlyList<ElectionAction> Actions)
{
    public DateTimeOffset WakeAt => State.Deadline;
}

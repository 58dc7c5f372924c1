using System.Collections.Immutable;

namespace Verwalter.Peers;

/// <summary>
/// The output of one input to <see cref="MembershipMachine"/>: datagrams to send, state changes to
/// publish, and when the shell must call <see cref="MembershipMachine.Tick"/> next at the latest.
/// </summary>
internal sealed record MembershipStep(
    ImmutableArray<OutgoingMessage> Messages,
    ImmutableArray<MembershipChange> Changes,
    DateTimeOffset NextWakeUp);

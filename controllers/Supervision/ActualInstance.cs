namespace Verwalter.Supervision;

/// <summary>An instance the supervisor has: the identity it was started with and its state.</summary>
internal sealed record ActualInstance(InstanceIdentity Identity, InstanceState State);

namespace Verwalter.Supervision;

/// <summary>One instance the files ask for. The diff compares only <see cref="Identity"/>.</summary>
internal sealed record DesiredInstance(InstanceKey Key, InstanceIdentity Identity, ResolvedContainer Container);

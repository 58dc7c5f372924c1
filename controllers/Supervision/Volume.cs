namespace Verwalter.Supervision;

/// <summary>
/// A container volume, chosen by YAML tag. Host paths never appear here: <see cref="ReadonlyVolume"/>
/// and <see cref="PersistentVolume"/> name a virtual path that the sandbox maps to the host.
/// </summary>
internal abstract record Volume;

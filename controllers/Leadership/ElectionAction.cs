namespace Verwalter.Leadership;

/// <summary>An effect the shell carries out after a step of <see cref="ElectionMachine"/>.</summary>
internal abstract record ElectionAction;

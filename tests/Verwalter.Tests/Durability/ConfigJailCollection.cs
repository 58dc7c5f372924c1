namespace Verwalter.Tests.Durability;

/// <summary>The jail tests change the process-wide allow list; they run one at a time, apart from parallel collections.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConfigJailCollection
{
    public const string Name = "config jail";
}

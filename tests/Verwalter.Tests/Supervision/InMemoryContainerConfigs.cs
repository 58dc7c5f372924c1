using Verwalter.Configuration;
using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

/// <summary>Container configs by (image, path), parsed with the real loader, so tests need no images on disk.</summary>
internal sealed class InMemoryContainerConfigs : IContainerConfigReader
{
    private readonly Dictionary<(string Image, string Config), string> _files = [];

    public void Add(string image, string config, string yaml) => _files[(image, config)] = yaml;

    public ContainerConfig Read(SandboxDefinition sandbox, string image, string configPath) =>
        _files.TryGetValue((image, configPath), out var yaml)
            ? ContainerConfigLoader.Parse($"{image}:{configPath}", yaml)
            : throw new LithosConfigException(new ConfigProblem($"{image}:{configPath}", null, null, "no such file in the image"));
}

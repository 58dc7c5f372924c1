namespace Verwalter.Supervision;

/// <summary>
/// Reads the container config an entry points at. Behind an interface so tests and
/// <c>lithos-check</c> can supply configs without images on disk.
/// </summary>
internal interface IContainerConfigReader
{
    /// <exception cref="LithosConfigException">The file is missing, outside the image or invalid.</exception>
    ContainerConfig Read(SandboxDefinition sandbox, string image, string configPath);
}

namespace Verwalter.Configuration;

/// <summary>A file found by <see cref="ConfigDirectoryScanner"/>.</summary>
/// <param name="RelativePath">Path as seen from the config folder, through any symlinks, with forward slashes.</param>
/// <param name="FullPath">Where the bytes are read from.</param>
internal sealed record ConfigFile(string RelativePath, string FullPath);

using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Verwalter.Api.Frontend;

/// <summary>
/// The UI bundled from <c>api/ui</c> by the build (resources named <c>ui/&lt;path&gt;</c>), read
/// once at start. Names with an esbuild content hash are served as immutable.
/// </summary>
internal sealed class EmbeddedUi
{
    public const string ResourcePrefix = "ui/";

    private readonly FrozenDictionary<string, FrontendFile> _files;

    public EmbeddedUi(Assembly assembly, DateTimeOffset builtAt)
    {
        var files = new Dictionary<string, FrontendFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = name[ResourcePrefix.Length..];
            var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content).AsSpan(0, 12)) + "\"";
            files[path] = new FrontendFile(path, content, null, builtAt, tag, FrontendContent.IsHashedName(path));
        }

        _files = files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The UI embedded in this executable.</summary>
    public static EmbeddedUi FromThisAssembly()
    {
        var assembly = typeof(EmbeddedUi).Assembly;
        var location = assembly.Location;
        var builtAt = location.Length > 0 && File.Exists(location)
            ? new DateTimeOffset(File.GetLastWriteTimeUtc(location), TimeSpan.Zero)
            : DateTimeOffset.UnixEpoch;
        return new EmbeddedUi(assembly, builtAt);
    }

    public IEnumerable<string> Names => _files.Keys;

    /// <summary>A file by its path below the bundle root (<c>index.html</c>, <c>js/app-….js</c>).</summary>
    public FrontendFile? Find(string path) => _files.GetValueOrDefault(path);
}

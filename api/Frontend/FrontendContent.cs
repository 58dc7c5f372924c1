using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;

namespace Verwalter.Api.Frontend;

/// <summary>Content types and cache rules of frontend files.</summary>
internal static partial class FrontendContent
{
    public const string IndexFile = "index.html";

    /// <summary>Hashed asset names are never reused for other content: cache them for a year.</summary>
    public const string ImmutableCache = "public, max-age=31536000, immutable";

    /// <summary>Everything else is revalidated with its ETag on every use.</summary>
    public const string RevalidateCache = "no-cache";

    private static readonly FileExtensionContentTypeProvider Types = CreateTypes();

    public static string ContentType(string name)
    {
        if (!Types.TryGetContentType(name, out var type))
        {
            return "application/octet-stream";
        }

        return type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "application/json" or "image/svg+xml"
            ? type + "; charset=utf-8"
            : type;
    }

    /// <summary>An esbuild output name such as <c>app-4GJZN3OH.js</c>.</summary>
    public static bool IsHashedName(string path) => HashedName().IsMatch(Path.GetFileName(path));

    private static FileExtensionContentTypeProvider CreateTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".mjs"] = "text/javascript";
        provider.Mappings[".wasm"] = "application/wasm";
        provider.Mappings[".map"] = "application/json";
        return provider;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.]+-[A-Z0-9]{8}\.(js|css|woff2?|png|svg|wasm)$", RegexOptions.CultureInvariant)]
    private static partial Regex HashedName();
}

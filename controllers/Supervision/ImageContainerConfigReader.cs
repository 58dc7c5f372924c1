using Verwalter.Configuration;

namespace Verwalter.Supervision;

/// <summary>
/// Reads <c>&lt;image-dir&gt;/&lt;image&gt;/&lt;config&gt;</c>, resolving symlinks as if the image were the
/// root (an absolute link target stays inside the image, <c>..</c> stops at the image root).
/// </summary>
internal sealed class ImageContainerConfigReader : IContainerConfigReader
{
    private const int MaxLinks = 40;

    public ContainerConfig Read(SandboxDefinition sandbox, string image, string configPath)
    {
        var root = Path.Combine(sandbox.ImageDir, image);
        var display = $"{root}{configPath}";
        var resolved = Resolve(root, configPath)
            ?? throw new LithosConfigException(new ConfigProblem(display, null, null, "cannot resolve the path inside the image (symlink loop?)"));
        string text;
        try
        {
            text = File.ReadAllText(resolved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LithosConfigException(new ConfigProblem(display, null, null, $"cannot read the container config: {e.Message}"));
        }

        return ContainerConfigLoader.Parse(display, text);
    }

    /// <summary>Host path of <paramref name="inside"/> with every symlink resolved within <paramref name="root"/>.</summary>
    internal static string? Resolve(string root, string inside)
    {
        var pending = new Stack<string>(inside.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = new List<string>();
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (current.Count > 0)
                {
                    current.RemoveAt(current.Count - 1);
                }

                continue;
            }

            var host = Path.Combine([root, .. current, part]);
            var info = new FileInfo(host);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks)
                {
                    return null;
                }

                if (target.StartsWith('/'))
                {
                    current.Clear();
                }

                foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(piece);
                }

                continue;
            }

            current.Add(part);
        }

        return Path.Combine([root, .. current]);
    }
}

using Verwalter.Tests.Testing;

namespace Verwalter.Tests.Ui;

/// <summary>Copies an example config tree to a temp folder, so tests can add frontends or edit files.</summary>
internal static class UiTree
{
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)), overwrite: true);
        }
    }

    /// <summary>The realistic example in <paramref name="config"/>, its templates rendering below <paramref name="root"/>/out.</summary>
    public static void CopyRealistic(string root, string config)
    {
        Copy(Path.Combine(RepositoryPaths.Examples, "realistic"), config);
        var output = Path.Combine(root, "out");
        foreach (var file in Directory.EnumerateFiles(Path.Combine(config, "templates"), "*.render.yaml", SearchOption.AllDirectories))
        {
            File.WriteAllText(file, File.ReadAllText(file).Replace("/tmp/verwalter-example", output, StringComparison.Ordinal));
        }
    }

    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}

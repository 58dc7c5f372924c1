namespace Verwalter.Tests.Configuration;

/// <summary>A throw-away config folder; paths are relative to it with forward slashes.</summary>
internal sealed class TempConfigDir : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-cfg-");

    public string Root => _root.FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public TempConfigDir Write(string relative, string content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return this;
    }

    public TempConfigDir WriteBytes(string relative, byte[] content)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return this;
    }

    public TempConfigDir MakeDirectory(string relative)
    {
        Directory.CreateDirectory(PathOf(relative));
        return this;
    }

    public TempConfigDir LinkDirectory(string relative, string target)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Directory.CreateSymbolicLink(path, target);
        return this;
    }

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}

using System.Text;

namespace Verwalter.Tests.Rendering.Logs;

/// <summary>A throw-away log folder; paths are relative to it with forward slashes.</summary>
internal sealed class TempLogDir : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-log-");

    public string Root => _root.FullName;

    public string PathOf(string relative) => Path.Join(Root, relative);

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    public string[] Lines(string relative) => Read(relative).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string? LinkTarget(string relative) => new FileInfo(PathOf(relative)).LinkTarget;

    /// <summary>The text of a log file from <paramref name="offset"/> (a byte position) on.</summary>
    public string ReadFrom(string relative, long offset)
    {
        var bytes = File.ReadAllBytes(PathOf(relative));
        return Encoding.UTF8.GetString(bytes, (int)offset, bytes.Length - (int)offset);
    }

    public void Dispose() => _root.Delete(recursive: true);
}

using Verwalter.Storage;

namespace Verwalter.Rendering.Logs;

/// <summary>A render log or the deployment index could not be written; names the file and the errno.</summary>
public sealed class LogWriteException : IOException
{
    public LogWriteException(string path, Exception inner)
        : base($"cannot write log {path}: {StorageErrors.Name(inner)}: {inner.Message}", inner)
    {
        Path = path;
        Error = StorageErrors.Name(inner);
    }

    public string Path { get; }

    public string Error { get; }
}

namespace Verwalter.Rendering.Logs;

/// <summary>The outcome of resolving a log route path.</summary>
internal enum LogFileStatus
{
    /// <summary>A regular file inside its base folder.</summary>
    Found,

    /// <summary>A malformed path (a part that is not a plain name) or no such file: 404.</summary>
    NotFound,

    /// <summary>An unknown external log name, or a file whose real path leaves its base folder: 403.</summary>
    Forbidden,
}

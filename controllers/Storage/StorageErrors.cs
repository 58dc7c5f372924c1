namespace Verwalter.Storage;

/// <summary>
/// Names the errno behind an I/O exception. On Linux .NET keeps the errno as the HResult of a
/// plain <see cref="IOException"/> (ENOSPC, EIO, EROFS, EISDIR, ENOTDIR…); permission errors
/// arrive as <see cref="UnauthorizedAccessException"/>.
/// </summary>
public static class StorageErrors
{
    private static readonly Dictionary<int, string> Names = new()
    {
        [1] = "EPERM",
        [2] = "ENOENT",
        [5] = "EIO",
        [13] = "EACCES",
        [17] = "EEXIST",
        [20] = "ENOTDIR",
        [21] = "EISDIR",
        [24] = "EMFILE",
        [27] = "EFBIG",
        [28] = "ENOSPC",
        [30] = "EROFS",
        [36] = "ENAMETOOLONG",
        [39] = "ENOTEMPTY",
        [40] = "ELOOP",
        [122] = "EDQUOT",
    };

    /// <summary>The errno name (e.g. <c>ENOSPC</c>), or the exception's kind when there is none.</summary>
    public static string Name(Exception exception) => exception switch
    {
        UnauthorizedAccessException => "EACCES",
        FileNotFoundException or DirectoryNotFoundException => "ENOENT",
        PathTooLongException => "ENAMETOOLONG",
        IOException io when Names.TryGetValue(io.HResult, out var name) => name,
        IOException io when io.HResult is > 0 and < 200 => $"errno {io.HResult}",
        IOException => "EIO",
        _ => exception.GetType().Name,
    };

    /// <summary>True for the failures a storage write reports and retries rather than throws.</summary>
    public static bool IsStorageFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;
}

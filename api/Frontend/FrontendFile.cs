namespace Verwalter.Api.Frontend;

/// <summary>
/// One file a frontend route answers with: embedded bytes or a file on disk, with what the
/// response headers need.
/// </summary>
internal sealed record FrontendFile(
    string Name,
    byte[]? Content,
    string? FullPath,
    DateTimeOffset LastModified,
    string ETag,
    bool Immutable);

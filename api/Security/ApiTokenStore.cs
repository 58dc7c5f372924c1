using System.Security.Cryptography;
using System.Text;

namespace Verwalter.Api.Security;

/// <summary>
/// The API token from <c>--api-token-file</c>. The file is re-read when its modification time or
/// size changes (looked at on each guarded request, one <c>stat</c>); a file that becomes empty,
/// malformed or unreadable keeps the last good token and logs a warning naming the file. Tokens
/// are compared in constant time through their SHA-256 and never logged.
/// </summary>
internal sealed partial class ApiTokenStore
{
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private byte[] _hash = [];
    private (DateTime Modified, long Length) _stamp;
    private string? _lastProblem;

    /// <summary>A store without a token: every route is open.</summary>
    public ApiTokenStore(ILogger<ApiTokenStore> logger)
    {
        _logger = logger;
    }

    /// <summary>Reads <paramref name="path"/> now; throws <see cref="FormatException"/> or <see cref="IOException"/> naming the file when it holds no usable token.</summary>
    public ApiTokenStore(string path, bool protectsReads, ILogger<ApiTokenStore> logger)
    {
        _path = Path.GetFullPath(path);
        _logger = logger;
        ProtectsReads = protectsReads;
        var info = new FileInfo(_path);
        _hash = Hash(ReadToken(_path));
        _stamp = (info.LastWriteTimeUtc, info.Length);
    }

    /// <summary>False without <c>--api-token-file</c>.</summary>
    public bool Enabled => _path is not null;

    /// <summary><c>--api-token-protects-reads</c>: reads need the token too (the health probes stay open).</summary>
    public bool ProtectsReads { get; }

    /// <summary>Checks an <c>Authorization</c> header value.</summary>
    public ApiTokenCheck CheckHeader(string? authorization) => CheckToken(ParseBearer(authorization));

    /// <summary>Checks a bare token (from a WebSocket <c>connection_init</c> payload, say); null is <see cref="ApiTokenCheck.Missing"/>.</summary>
    public ApiTokenCheck CheckToken(string? token)
    {
        if (!Enabled)
        {
            return ApiTokenCheck.Accepted;
        }

        if (string.IsNullOrEmpty(token))
        {
            return ApiTokenCheck.Missing;
        }

        return CryptographicOperations.FixedTimeEquals(Hash(token), CurrentHash()) ? ApiTokenCheck.Accepted : ApiTokenCheck.Wrong;
    }

    /// <summary>Logs a warning when group or others may read or write the token file.</summary>
    public void WarnIfShared()
    {
        if (_path is null || OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode shared = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        var mode = File.GetUnixFileMode(_path);
        if ((mode & shared) != 0)
        {
            LogShared(_logger, _path, Convert.ToString((int)mode & 0x1FF, 8));
        }
    }

    /// <summary>The token of a <c>Bearer</c> header (scheme case-insensitive), or null.</summary>
    public static string? ParseBearer(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || authorization.Length <= scheme.Length || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }

    /// <summary>The token in a file: its text without surrounding white space; one line, no inner white space.</summary>
    public static string ReadToken(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8).Trim();
        if (text.Length == 0)
        {
            throw new FormatException($"--api-token-file {path}: the file is empty; put the token on one line");
        }

        if (text.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw new FormatException($"--api-token-file {path}: the token contains white space or control characters; put it on one line");
        }

        return text;
    }

    private byte[] CurrentHash()
    {
        lock (_lock)
        {
            ReloadIfChanged();
            return _hash;
        }
    }

    private void ReloadIfChanged()
    {
        var info = new FileInfo(_path!);
        try
        {
            if (!info.Exists)
            {
                throw new FileNotFoundException($"--api-token-file {_path}: the file is gone");
            }

            var stamp = (info.LastWriteTimeUtc, info.Length);
            if (stamp == _stamp)
            {
                return;
            }

            _hash = Hash(ReadToken(_path!));
            _stamp = stamp;
            _lastProblem = null;
            LogReloaded(_logger, _path!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            if (_lastProblem != ex.Message)
            {
                _lastProblem = ex.Message;
                LogKeptLastGood(_logger, _path!, ex.Message);
            }
        }
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "API token file {Path} has mode {Mode}: group or others may read it; chmod 600 it")]
    private static partial void LogShared(ILogger logger, string path, string mode);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "API token reloaded from {Path}")]
    private static partial void LogReloaded(ILogger logger, string path);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "API token file {Path} not reloaded, the last good token stays in use: {Problem}")]
    private static partial void LogKeptLastGood(ILogger logger, string path, string problem);
}

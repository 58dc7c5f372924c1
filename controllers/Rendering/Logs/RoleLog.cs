namespace Verwalter.Rendering.Logs;

/// <summary>
/// One role's section of a deployment: text into <c>&lt;logdir&gt;/&lt;role&gt;/log.&lt;seg&gt;.txt</c>,
/// markers into the deployment index, each pointing at the role log's size before its row.
/// Thread-safe (a child's stdout and stderr may be written at once). Writing after
/// <see cref="Dispose"/> (or after the deployment ended) throws <see cref="ObjectDisposedException"/>.
/// </summary>
internal sealed class RoleLog : IRoleLog, IDisposable
{
    private readonly DeploymentLog _deployment;
    private readonly LogTarget _log;
    private int _disposed;

    internal RoleLog(DeploymentLog deployment, string role, LogTarget log)
    {
        _deployment = deployment;
        _log = log;
        Role = role;
        Entry(LogMarker.RoleStart);
    }

    public string Role { get; }

    /// <summary>The segment this section is written to (<c>dry-run</c> in dry-run).</summary>
    public string Segment => _log.Segment;

    public void WriteLine(string text) => _log.WriteLine(text);

    public void Write(ReadOnlySpan<byte> bytes) => _log.Write(bytes);

    public void ActionStart(string unit) => Entry(LogMarker.ActionStart(unit));

    public void ActionFinish(string unit) => Entry(LogMarker.ActionFinish(unit));

    public void ExternalLog(string logDirAndPath, long offset)
    {
        var date = _deployment.Now();
        _log.WriteLineAt(
            _ => _deployment.Index(date, LogPointer.External(logDirAndPath, offset), LogMarker.ExternalLog),
            $"File position {LogMarker.Quote(logDirAndPath)}:{offset}");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            Entry(LogMarker.RoleFinish);
        }
        finally
        {
            _log.Dispose();
            _deployment.RoleClosed(this);
        }
    }

    private void Entry(LogMarker marker)
    {
        var date = _deployment.Now();
        _log.WriteLineAt(
            offset => _deployment.Index(date, LogPointer.ForRole(Role, _log.Segment, offset), marker),
            IndexLine.MarkerRow(date, _deployment.DeploymentId, Role, marker));
    }
}

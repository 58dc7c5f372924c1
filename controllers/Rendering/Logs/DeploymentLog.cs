namespace Verwalter.Rendering.Logs;

/// <summary>
/// One deployment's log: the index entries and the global log section, from
/// <c>DeploymentStart</c> to <c>DeploymentFinish</c> (or <c>DeploymentError</c>). Roles may be
/// opened and written concurrently; each writes its own role log and shares the index.
/// Disposing without <see cref="Finish"/> or <see cref="Fail"/> ends it with <c>DeploymentError</c>;
/// roles still open when it ends are finished first, so <c>RoleFinish</c> always precedes the end marker.
/// </summary>
internal sealed class DeploymentLog : IDisposable
{
    /// <summary>How many characters of the schedule hash prefix each changes line.</summary>
    public const int ChangesHashLength = 8;

    private readonly DeploymentLogWriter _writer;
    private readonly LogTarget _index;
    private readonly LogTarget _global;
    private readonly Lock _lock = new();
    private readonly HashSet<RoleLog> _openRoles = [];
    private bool _ended;

    internal DeploymentLog(DeploymentLogWriter writer, string deploymentId, LogTarget index, LogTarget global)
    {
        _writer = writer;
        _index = index;
        _global = global;
        DeploymentId = deploymentId;
    }

    public string DeploymentId { get; }

    /// <summary>
    /// Opens <c>&lt;logdir&gt;/&lt;role&gt;/</c> (rotating its segment if due) and writes
    /// <c>RoleStart</c>; disposing the returned log writes <c>RoleFinish</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The role name is not a safe folder name.</exception>
    public RoleLog OpenRole(string role)
    {
        LogNames.ThrowIfNotRoleName(role, nameof(role));
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_ended, this);
        }

        var target = _writer.OpenText(role);
        RoleLog log;
        try
        {
            log = new RoleLog(this, role, target);
        }
        catch
        {
            target.Dispose();
            throw;
        }

        lock (_lock)
        {
            if (!_ended)
            {
                _openRoles.Add(log);
                return log;
            }
        }

        target.Dispose();
        throw new ObjectDisposedException(nameof(DeploymentLog), "the deployment ended while the role was being opened");
    }

    /// <summary>Writes a line into the global log.</summary>
    public void WriteLine(string text) => _global.WriteLine(text);

    /// <summary>Ends the deployment with <c>DeploymentFinish</c>. Later calls do nothing.</summary>
    public void Finish() => End(LogMarker.DeploymentFinish, null);

    /// <summary>Ends the deployment with <c>DeploymentError</c>, followed by the reason in the global log.</summary>
    public void Fail(string reason) => End(LogMarker.DeploymentError, reason);

    public void Dispose() => End(LogMarker.DeploymentError, null);

    internal void Start(string scheduleHash, IReadOnlyList<string> changes, string? schedulerLog, bool hashChanged)
    {
        GlobalEntry(LogMarker.DeploymentStart);
        _global.WriteLine($"schedule-hash: {scheduleHash}");
        if (hashChanged && !string.IsNullOrEmpty(schedulerLog))
        {
            var body = schedulerLog.EndsWith('\n') ? schedulerLog : schedulerLog + "\n";
            _global.WriteLine($"+++ debug start: \"scheduler-debug\" +++\n{body}+++ debug end: \"scheduler-debug\" +++");
        }

        if (hashChanged && changes.Count > 0)
        {
            WriteChanges(scheduleHash, changes);
        }
    }

    /// <summary>Appends one index line. Callers hold the lock of the log the pointer refers to.</summary>
    internal void Index(string date, LogPointer pointer, LogMarker marker) =>
        _index.Write(IndexLine.Format(date, DeploymentId, pointer, marker));

    internal void RoleClosed(RoleLog role)
    {
        lock (_lock)
        {
            _openRoles.Remove(role);
        }
    }

    internal string Now() => LogTimestamps.Rfc3339(_writer.TimeProvider.GetUtcNow());

    private void WriteChanges(string scheduleHash, IReadOnlyList<string> changes)
    {
        using var log = _writer.OpenText(DeploymentLogWriter.ChangesFolder);
        var date = Now();
        log.WriteLineAt(offset => Index(date, LogPointer.Changes(log.Segment, offset), LogMarker.DeploymentChanges), null);
        var prefix = $"{date}: {scheduleHash[..Math.Min(ChangesHashLength, scheduleHash.Length)]}: ";
        foreach (var line in changes)
        {
            log.WriteLine(prefix + line);
        }
    }

    private void GlobalEntry(LogMarker marker, string? after = null)
    {
        var date = Now();
        _global.WriteLineAt(
            offset => Index(date, LogPointer.Global(_global.Segment, offset), marker),
            IndexLine.MarkerRow(date, DeploymentId, null, marker));
        if (after is not null)
        {
            _global.WriteLine(after);
        }
    }

    private void End(LogMarker marker, string? reason)
    {
        RoleLog[] stillOpen;
        lock (_lock)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            stillOpen = [.. _openRoles];
        }

        try
        {
            foreach (var role in stillOpen)
            {
                role.Dispose();
            }

            GlobalEntry(marker, reason is null ? null : $"Deployment error: {reason}");
        }
        finally
        {
            _global.Dispose();
            _index.Dispose();
        }
    }
}

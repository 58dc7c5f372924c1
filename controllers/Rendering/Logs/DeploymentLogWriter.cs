namespace Verwalter.Rendering.Logs;

/// <summary>
/// Writes the deployment logs of one log folder (or, in dry-run, to one text writer). One
/// instance per folder; safe to use from several threads: folder changes (segments, symlinks)
/// are serialised, and index lines of all deployments go out under one lock.
/// </summary>
/// <remarks>
/// Layout and format follow verwalter's <c>indexed_log</c> crate; see <c>docs/logs.md</c>.
/// </remarks>
internal sealed class DeploymentLogWriter
{
    /// <summary>A segment at or above this size is closed at the next open, and a new one started.</summary>
    public const long DefaultMaxSegmentBytes = 10L << 20;

    public const string IndexFolder = ".index";
    public const string GlobalFolder = ".global";
    public const string ChangesFolder = ".changes";

    private readonly TextWriter? _dryRunOutput;
    private readonly Lock _folderLock = new();
    private readonly Lock _outputLock = new();
    private bool _indexChecked;

    /// <summary>Writes into <paramref name="logDir"/>.</summary>
    public DeploymentLogWriter(string logDir, TimeProvider timeProvider, long maxSegmentBytes = DefaultMaxSegmentBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDir);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSegmentBytes);
        LogDir = Path.GetFullPath(logDir);
        TimeProvider = timeProvider;
        MaxSegmentBytes = maxSegmentBytes;
    }

    /// <summary>Dry-run: every log and the index go to <paramref name="output"/>; no file is touched.</summary>
    public DeploymentLogWriter(TextWriter output, TimeProvider timeProvider)
    {
        _dryRunOutput = output;
        TimeProvider = timeProvider;
        MaxSegmentBytes = DefaultMaxSegmentBytes;
    }

    /// <summary>The log folder, or <see langword="null"/> in dry-run.</summary>
    public string? LogDir { get; }

    public bool IsDryRun => _dryRunOutput is not null;

    public long MaxSegmentBytes { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Serialises all index appends (one index file, many roles and deployments).</summary>
    internal Lock IndexLock { get; } = new();

    /// <summary>
    /// Starts a deployment: opens today's (UTC) index file and points <c>.index/latest</c> at it,
    /// writes <c>DeploymentStart</c> and the schedule hash to the global log and, when the hash
    /// changed, the scheduler's debug log and the schedule's <c>changes</c> lines.
    /// </summary>
    public DeploymentLog Begin(string deploymentId, string scheduleHash, IReadOnlyList<string> changes, string? schedulerLog, bool hashChanged)
    {
        ArgumentException.ThrowIfNullOrEmpty(deploymentId);
        ArgumentNullException.ThrowIfNull(scheduleHash);
        ArgumentNullException.ThrowIfNull(changes);
        var now = TimeProvider.GetUtcNow();
        LogTarget index;
        LogTarget global;
        if (_dryRunOutput is not null)
        {
            index = DryRunTarget();
            global = DryRunTarget();
        }
        else
        {
            lock (_folderLock)
            {
                var indexPath = OpenIndexFile(now);
                try
                {
                    index = new FileLogTarget(indexPath, LogTimestamps.Day(now), IndexLock, index: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new LogWriteException(indexPath, ex);
                }

                try
                {
                    global = OpenSegment(GlobalFolder, now);
                }
                catch
                {
                    index.Dispose();
                    throw;
                }
            }
        }

        var deployment = new DeploymentLog(this, deploymentId, index, global);
        try
        {
            deployment.Start(scheduleHash, changes, schedulerLog, hashChanged);
        }
        catch
        {
            deployment.Dispose();
            throw;
        }

        return deployment;
    }

    /// <summary>Opens the current segment of <paramref name="folder"/> (relative to the log dir), rotating if due.</summary>
    internal LogTarget OpenText(string folder)
    {
        if (_dryRunOutput is not null)
        {
            return DryRunTarget();
        }

        lock (_folderLock)
        {
            return OpenSegment(folder, TimeProvider.GetUtcNow());
        }
    }

    private FileLogTarget OpenSegment(string folder, DateTimeOffset now)
    {
        var full = Path.Join(LogDir, folder);
        try
        {
            var (segment, path) = SegmentedLogFolder.OpenSegment(full, now, MaxSegmentBytes);
            return new FileLogTarget(path, segment);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not LogWriteException)
        {
            throw new LogWriteException(full, ex);
        }
    }

    private string OpenIndexFile(DateTimeOffset now)
    {
        try
        {
            return CheckAndOpenIndexFile(now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not LogWriteException)
        {
            throw new LogWriteException(Path.Join(LogDir, IndexFolder), ex);
        }
    }

    private string CheckAndOpenIndexFile(DateTimeOffset now)
    {
        var folder = Path.Join(LogDir, IndexFolder);
        Directory.CreateDirectory(folder);
        if (!_indexChecked)
        {
            // Once per writer (at start): lines torn by a crash or a full disk go to .torn files.
            lock (IndexLock)
            {
                IndexRepair.RepairFolder(folder);
            }

            _indexChecked = true;
        }

        var name = $"index.{LogTimestamps.Day(now)}.json";
        var path = Path.Join(folder, name);
        File.AppendAllText(path, string.Empty);
        AtomicSymlink.Replace(Path.Join(folder, SegmentedLogFolder.LatestLink), name);
        return path;
    }

    private TextWriterLogTarget DryRunTarget() => new(_dryRunOutput!, _outputLock);
}

using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Verwalter.Reconciliation;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Supervision;

/// <summary>
/// Runs the supervisor: the keyed controller host, SIGHUP/SIGQUIT as "re-read the files", the
/// status file, and on stop (SIGTERM, Ctrl-C, or the daemon stopping) a graceful stop of every
/// process. A SIGKILLed supervisor stops nothing: the next one adopts what it finds.
/// </summary>
internal sealed partial class SupervisorService(
    SupervisorController controller,
    ControllerHost<InstanceKey> host,
    SupervisorOptions options,
    TimeProvider time,
    ILogger<SupervisorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Reload);
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Reload);
        await host.StartAsync(stoppingToken).ConfigureAwait(false);
        var pidFile = (string?)null;
        try
        {
            await controller.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
            pidFile = WritePidFile();
            await WriteStatusLoopAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await controller.StopAllAsync(CancellationToken.None).ConfigureAwait(false);
            WriteStatus();
            if (pidFile is not null)
            {
                File.Delete(pidFile);
            }

            LogStopped();
        }
    }

    private void Reload(PosixSignalContext context)
    {
        context.Cancel = true;
        LogReload(context.Signal);
        controller.RequestReload();
    }

    // Event-driven: an idle supervisor does not wake up; a busy one writes at most once per StatusInterval.
    private async Task WriteStatusLoopAsync(CancellationToken stoppingToken)
    {
        var written = -1L;
        while (true)
        {
            await controller.WaitForChangeAsync(written, stoppingToken).ConfigureAwait(false);
            written = controller.Changes;
            WriteStatus();
            await Task.Delay(options.StatusInterval, time, stoppingToken).ConfigureAwait(false);
        }
    }

    private void WriteStatus()
    {
        if (controller.Master is not { } master)
        {
            return;
        }

        try
        {
            var status = controller.Status(Environment.ProcessId, options.MasterPath);
            AtomicFile.Write(StatusPath(master), stream => JsonSerializer.Serialize(stream, status, SupervisorJsonContext.Default.SupervisorStatus));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogStatusFailed(e);
        }
    }

    private string? WritePidFile()
    {
        if (controller.Master is not { } master)
        {
            return null;
        }

        var path = PidFile.PathOf(master);
        AtomicFile.Write(path, System.Text.Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n"));
        return path;
    }

    public static string StatusPath(MasterConfig master) => Path.Combine(master.RuntimeDir, "status.json");

    [LoggerMessage(EventId = 1530, Level = LogLevel.Information, Message = "{Signal}: re-reading the supervisor files")]
    private partial void LogReload(PosixSignal signal);

    [LoggerMessage(EventId = 1531, Level = LogLevel.Warning, Message = "Cannot write the supervisor status file")]
    private partial void LogStatusFailed(Exception exception);

    [LoggerMessage(EventId = 1532, Level = LogLevel.Information, Message = "Supervisor stopped")]
    private partial void LogStopped();
}

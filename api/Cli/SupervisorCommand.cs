using System.CommandLine;
using System.Runtime.InteropServices;
using Verwalter.Hosting;
using Verwalter.Supervision;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter supervisor</c>: the process supervisor as its own long-lived process (lithos_tree).
/// When the natively compiled <c>verwalter-supervisor</c> is installed next to <c>verwalter</c> (or
/// named by <c>VERWALTER_SUPERVISOR_EXE</c>), the command replaces itself with it (<c>execv</c>:
/// same pid, same arguments and environment), so the process that stays running for months carries
/// no JIT and no framework files; <c>--managed</c> keeps it in this process.
/// </summary>
internal static partial class SupervisorCommand
{
    /// <summary>The environment variable naming the native supervisor executable.</summary>
    public const string NativeVariable = "VERWALTER_SUPERVISOR_EXE";

    public const string NativeName = "verwalter-supervisor";

    public static Option<string> MasterOption() => new("--config", "-C")
    {
        Description = "The lithos master.yaml (sandboxes/ and processes/ are found from it).",
        DefaultValueFactory = _ => SupervisorOptions.DefaultMasterPath,
    };

    public static Command Create()
    {
        var config = MasterOption();
        var managed = new Option<bool>("--managed")
        {
            Description = $"Run in this process even when the native {NativeName} is installed.",
        };
        var command = new Command("supervisor", "Run the process supervisor: keep the instances the lithos files ask for running in bubblewrap sandboxes.") { config, managed };
        command.SetAction(async (parse, ct) =>
        {
            var master = Path.GetFullPath(parse.GetValue(config)!);
            if (!parse.GetValue(managed) && NativeExecutable() is { } native)
            {
                if (native.Error is not null)
                {
                    await Console.Error.WriteLineAsync($"verwalter supervisor: {native.Error}");
                    return ExitCodes.Config;
                }

                var error = Exec(native.Path!, [native.Path!, "--config", master]);
                await Console.Error.WriteLineAsync($"verwalter supervisor: cannot run {native.Path}: {error}; running in this process");
            }

            return await SupervisorHost.RunAsync(master, ct);
        });
        return command;
    }

    /// <summary>The native supervisor to hand over to: the variable's path, else one next to this program; null when there is none.</summary>
    internal static (string? Path, string? Error)? NativeExecutable()
    {
        var named = Environment.GetEnvironmentVariable(NativeVariable);
        if (!string.IsNullOrEmpty(named))
        {
            return File.Exists(named)
                ? (Path.GetFullPath(named), null)
                : (null, $"{NativeVariable}={named}: no such file");
        }

        var beside = Path.Combine(AppContext.BaseDirectory, NativeName);
        return File.Exists(beside) ? (beside, null) : null;
    }

    /// <summary>Replaces this process with <paramref name="path"/>; returns only on failure, with the reason.</summary>
    private static unsafe string Exec(string path, string[] argv)
    {
        Console.Out.Flush();
        Console.Error.Flush();
        RemoveDiagnosticsSocket();
        var pointers = new nint[argv.Length + 1];
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                pointers[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            fixed (nint* vector = pointers)
            {
                _ = execv(path, vector);
            }

            return Marshal.GetLastPInvokeErrorMessage();
        }
        finally
        {
            foreach (var pointer in pointers)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    /// <summary>
    /// The runtime's diagnostics socket (<c>dotnet-diagnostic-PID-…-socket</c> in the temp dir) would
    /// outlive the exec, since the runtime never shuts down, and would name the native supervisor's
    /// pid to diagnostic tools that then cannot connect. Best effort.
    /// </summary>
    private static void RemoveDiagnosticsSocket()
    {
        try
        {
            foreach (var socket in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket"))
            {
                File.Delete(socket);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a stale file is left behind.
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int execv(string path, nint* argv);
}

using System.CommandLine;
using System.Diagnostics;
using System.Reflection;

namespace Verwalter.Api.Cli;

/// <summary>
/// How <c>verwalter up</c> runs its own executable again as <c>verwalter daemon</c>, and where it
/// finds the bundled example config when none is given.
/// </summary>
internal static class UpExecutable
{
    public const string ExampleRelativePath = "runtime-examples/realistic";

    /// <summary>
    /// The command line prefix that starts this same program: the apphost itself, or
    /// <c>dotnet verwalter.dll</c> when this process was started through the <c>dotnet</c> host.
    /// </summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of this executable is unknown");
        var isDotnetHost = string.Equals(Path.GetFileNameWithoutExtension(process), "dotnet", StringComparison.OrdinalIgnoreCase);
        if (!isDotnetHost)
        {
            return [process];
        }

        // Only reached through the dotnet host, never in a single-file build (whose empty
        // Location the fallback below would cover anyway).
#pragma warning disable IL3000
        var dll = Assembly.GetEntryAssembly()?.Location;
#pragma warning restore IL3000
        if (string.IsNullOrEmpty(dll))
        {
            dll = Path.Combine(AppContext.BaseDirectory, "verwalter.dll");
        }

        return [process, dll];
    }

    public static ProcessStartInfo StartInfo(IReadOnlyList<string> command, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        foreach (var a in command.Skip(1).Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return info;
    }

    /// <summary>
    /// Whether this build's <c>verwalter daemon</c> knows <paramref name="option"/>. The daemon
    /// is this same program, so its command tree answers without starting a process.
    /// </summary>
    public static bool DaemonSupports(string option)
    {
        var daemon = VerwalterCli.Build().Subcommands.FirstOrDefault(c => c.Name == "daemon");
        return daemon is not null && daemon.Options.Any(o => o.Name == option || o.Aliases.Contains(option));
    }

    /// <summary>
    /// The bundled <c>runtime-examples/realistic</c>: next to the executable (an installed copy),
    /// or in a folder above it or above the working directory (a source checkout).
    /// </summary>
    public static string? FindExampleConfig(params string?[] startDirs)
    {
        foreach (var start in startDirs)
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ExampleRelativePath);
                if (Directory.Exists(Path.Combine(candidate, "scheduler")))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

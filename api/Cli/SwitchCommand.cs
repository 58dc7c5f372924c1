using System.CommandLine;
using Verwalter.Supervision;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Api.Cli;

/// <summary>
/// <c>verwalter switch SANDBOX FILE</c> (lithos_switch): check FILE as the sandbox's processes file
/// with the supervisor's own checks; if it passes, replace the live file atomically (temp file in
/// the same folder, then rename) and signal the supervisor (SIGHUP; SIGQUIT works too, but a shell starting a background job ignores it) to re-read. A file that fails
/// changes nothing and exits 1 with the reasons.
/// </summary>
internal static class SwitchCommand
{
    public static Command Create()
    {
        var config = SupervisorCommand.MasterOption();
        var sandbox = new Argument<string>("SANDBOX") { Description = "The sandbox whose processes file is replaced." };
        var file = new Argument<string>("FILE") { Description = "The new processes file." };
        var command = new Command("switch", "Validate a new processes file for a sandbox, install it atomically and tell the supervisor.") { config, sandbox, file };
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(sandbox)!, parse.GetValue(file)!));
        return command;
    }

    private static int Run(string masterPath, string sandbox, string file)
    {
        if (!File.Exists(file))
        {
            Console.Error.WriteLine($"verwalter switch: {file} does not exist");
            return ExitCodes.Usage;
        }

        var source = Path.GetFullPath(file);
        LithosConfigTree tree;
        try
        {
            var problems = LithosCheck.Run(masterPath, (sandbox, source), sandbox, new ImageContainerConfigReader());
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    Console.Error.WriteLine(problem.ToString());
                }

                Console.Error.WriteLine($"verwalter switch: {file} was not installed ({problems.Count} problem(s)); nothing changed");
                return ExitCodes.Failure;
            }

            tree = LithosConfigLoader.Load(masterPath);
        }
        catch (Exception e) when (e is LithosConfigException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"verwalter switch: {e.Message}; nothing changed");
            return ExitCodes.Failure;
        }

        if (!tree.Sandboxes.TryGetValue(sandbox, out var definition))
        {
            Console.Error.WriteLine($"verwalter switch: sandbox {sandbox} is invalid; nothing changed");
            return ExitCodes.Failure;
        }

        var target = Path.Combine(tree.Master.ProcessesDir, definition.ConfigFile);
        AtomicFile.Write(target, File.ReadAllBytes(source));
        Console.WriteLine($"installed {target}");
        if (PidFile.LiveSupervisor(tree.Master) is { } pid)
        {
            _ = LinuxNative.kill(pid, LinuxNative.SigHup);
            Console.WriteLine($"signalled the supervisor (pid {pid}) to re-read its files");
        }
        else
        {
            Console.Error.WriteLine($"verwalter switch: warning: no supervisor is running ({PidFile.PathOf(tree.Master)}); the file takes effect when it starts");
        }

        return ExitCodes.Ok;
    }
}

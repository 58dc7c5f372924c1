using Verwalter;
using Verwalter.Hosting;
using Verwalter.Supervision;

// verwalter-supervisor: the same supervisor as `verwalter supervisor`, compiled ahead of time.
// Its command line is the supervisor's only: --config FILE (default /etc/lithos/master.yaml).
string? master = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--config" or "-C" when i + 1 < args.Length:
            master = args[++i];
            break;
        case var a when a.StartsWith("--config=", StringComparison.Ordinal):
            master = a["--config=".Length..];
            break;
        case "--help" or "-h":
            Console.WriteLine("usage: verwalter-supervisor [--config FILE]\n\nRun the process supervisor: keep the instances the lithos files ask for running in bubblewrap sandboxes.\n  --config, -C FILE  the lithos master.yaml (default " + SupervisorOptions.DefaultMasterPath + ")");
            return ExitCodes.Ok;
        case "--version":
            Console.WriteLine(typeof(SupervisorHost).Assembly.GetName().Version?.ToString(3));
            return ExitCodes.Ok;
        default:
            await Console.Error.WriteLineAsync($"verwalter-supervisor: unexpected argument '{args[i]}' (usage: verwalter-supervisor [--config FILE])");
            return ExitCodes.Usage;
    }
}

return await SupervisorHost.RunAsync(master ?? SupervisorOptions.DefaultMasterPath, CancellationToken.None);

using System.CommandLine;
using Verwalter;
using Verwalter.Api.Cli;

var parse = VerwalterCli.Build().Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"verwalter: {error.Message}");
    }

    await Console.Error.WriteLineAsync("Run 'verwalter --help' for usage.");
    return ExitCodes.Usage;
}

// The long-running commands stop on SIGTERM/SIGINT through their host's console lifetime, which
// waits for the graceful stop (every supervised process gets its kill-timeout). System.CommandLine's
// own handling would end the process two seconds after the signal, whatever is still stopping.
var invocation = new InvocationConfiguration();
if (parse.CommandResult.Command.Name is "daemon" or "supervisor")
{
    invocation.ProcessTerminationTimeout = null;
}

return await parse.InvokeAsync(invocation);

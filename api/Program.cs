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

return await parse.InvokeAsync();

using Verwalter.Api.Cli;

return await VerwalterCli.Build().Parse(args).InvokeAsync();

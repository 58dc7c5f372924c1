using Verwalter.Benchmarks;

return args.FirstOrDefault() switch
{
    null or "scheduler" => SchedulerPassBenchmark.Run(args.Skip(1).ToArray()),
    "scheduler-js" => JsSchedulerPassBenchmark.Run(args.Skip(1).ToArray()),
    "apply" => await ChangeToAppliedBenchmark.RunAsync(args.Skip(1).ToArray()),
    "roles" => await RolesApplyBenchmark.RunAsync(args.Skip(1).ToArray()),
    "gossip" => GossipBenchmark.Run(args.Skip(1).ToArray()),
    "templates" => TemplateEnginesBenchmark.Run(args.Skip(1).ToArray()),
    "supervisor" when !OperatingSystem.IsWindows() => await SupervisorBenchmark.RunAsync(args.Skip(1).ToArray()),
    "failover" => await FailoverBenchmark.RunAsync(args.Skip(1).ToArray()),
    "ui" => await UiBenchmark.RunAsync(args.Skip(1).ToArray()),
    "watch" => await WatchBenchmark.RunAsync(args.Skip(1).ToArray()),
    var other => Usage(other),
};

static int Usage(string name)
{
    Console.Error.WriteLine($"unknown benchmark '{name}'; known: scheduler [--peers N] [--roles N] [--runs N]; scheduler-js [--peers N] [--roles N] [--runs N]; apply [--changes N]; roles [--roles N] [--runs N]; gossip [--nodes N] [--seed N]; templates [--roles N] [--runs N]; supervisor [--crashes N] [--processes N] [--idle-seconds N]; ui [--loads N] [--changes N]; watch [--saves N]");
    return 2;
}

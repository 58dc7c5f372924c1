using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Verwalter.Hosting;

/// <summary>The one console log format of the long-running processes (daemon, supervisor): one line per event, UTC ISO timestamps, no colours.</summary>
internal static class VerwalterLogging
{
    public static ILoggingBuilder AddVerwalterConsole(this ILoggingBuilder logging)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        return logging;
    }
}

using System.Diagnostics;

namespace Verwalter.Api.Metrics;

/// <summary>
/// The conventional <c>process_*</c> families, read from the current process at scrape time.
/// </summary>
internal static class ProcessMetrics
{
    public static void Write(TextWriter writer)
    {
        using var process = Process.GetCurrentProcess();
        var start = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;

        PrometheusText.WriteHeader(writer, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter");
        PrometheusText.WriteSample(writer, "process_cpu_seconds_total", string.Empty, process.TotalProcessorTime.TotalSeconds);
        PrometheusText.WriteHeader(writer, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
        PrometheusText.WriteSample(writer, "process_resident_memory_bytes", string.Empty, Environment.WorkingSet);
        PrometheusText.WriteHeader(writer, "process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.", "gauge");
        PrometheusText.WriteSample(writer, "process_start_time_seconds", string.Empty, start);
    }
}

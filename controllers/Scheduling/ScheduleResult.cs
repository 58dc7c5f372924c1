using System.Text.Json;

namespace Verwalter.Scheduling;

/// <summary>
/// Turns what an engine returned into schedule data: it must be a JSON object (an empty array,
/// which table-to-JSON writers produce for an empty table, counts as an empty object).
/// </summary>
public static class ScheduleResult
{
    /// <exception cref="SchedulerException">Not JSON, or not an object.</exception>
    public static byte[] ToCanonicalData(ReadOnlySpan<byte> scheduleJson, string? log = null)
    {
        byte[] canonical;
        try
        {
            canonical = CanonicalJson.Canonicalize(scheduleJson);
        }
        catch (JsonException ex)
        {
            throw new SchedulerException(SchedulerErrorKind.InvalidResult, $"scheduler returned invalid JSON: {ex.Message}", log);
        }

        if (canonical.AsSpan().SequenceEqual("[]"u8))
        {
            return "{}"u8.ToArray();
        }

        if (canonical.Length == 0 || canonical[0] != (byte)'{')
        {
            var kind = canonical.Length == 0 ? "nothing" : canonical[0] switch
            {
                (byte)'[' => "an array",
                (byte)'"' => "a string",
                (byte)'n' => "null",
                (byte)'t' or (byte)'f' => "a boolean",
                _ => "a number",
            };
            throw new SchedulerException(SchedulerErrorKind.InvalidResult, $"the schedule must be a JSON object, the scheduler returned {kind}", log);
        }

        return canonical;
    }
}

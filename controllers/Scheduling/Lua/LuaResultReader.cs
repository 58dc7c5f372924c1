using System.Text;
using System.Text.Json;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Turns the scheduler's two results into a <see cref="SchedulerOutput"/>: a JSON string (checked
/// to parse) or a table (written by <see cref="LuaJsonWriter"/>), then a log string or nil.
/// Whether the JSON is an object is the schedule loop's business.
/// </summary>
internal static class LuaResultReader
{
    /// <param name="printed">Lines the script printed during the run; they come before the returned log.</param>
    /// <exception cref="SchedulerException">Kind <see cref="SchedulerErrorKind.InvalidResult"/>.</exception>
    public static SchedulerOutput Read(IntPtr l, int resultIdx, int logIdx, string printed)
    {
        var logType = LuaNative.lua_type(l, logIdx);
        var log = logType switch
        {
            LuaNative.TString => printed + Encoding.UTF8.GetString(LuaNative.StringSpan(l, logIdx)),
            LuaNative.TNil or LuaNative.TNone => printed,
            _ => throw Invalid($"unconvertible value: the scheduler's second result (the log) must be a string or nil, got {LuaNative.TypeName(logType)}", printed),
        };

        var type = LuaNative.lua_type(l, resultIdx);
        switch (type)
        {
            case LuaNative.TNil or LuaNative.TNone:
                throw Invalid("scheduler returned nil", log);
            case LuaNative.TString:
                var json = LuaNative.StringSpan(l, resultIdx).ToArray();
                if (ValidationError(json) is { } error)
                {
                    throw Invalid("scheduler returned a string that is not valid JSON: " + error, log);
                }

                return new SchedulerOutput(json, log);
            case LuaNative.TTable:
                try
                {
                    return new SchedulerOutput(LuaJsonWriter.Write(l, resultIdx), log);
                }
                catch (LuaConversionException e)
                {
                    throw Invalid("scheduler returned a table that cannot be written as JSON: " + e.Message, log);
                }

            default:
                throw Invalid($"scheduler returned a {LuaNative.TypeName(type)}; expected a JSON string or a table", log);
        }
    }

    private static string? ValidationError(byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = LuaJsonPusher.MaxDepth });
            if (!reader.Read())
            {
                return "empty string";
            }

            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    private static SchedulerException Invalid(string message, string log) =>
        new(SchedulerErrorKind.InvalidResult, message, log);
}

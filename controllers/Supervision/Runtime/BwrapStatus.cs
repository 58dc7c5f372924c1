using System.Text.Json;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// What bwrap wrote to its <c>--json-status-fd</c>: one JSON object per line, <c>{"child-pid": N, …}</c>
/// once the sandbox's init runs (its pid on the host) and <c>{"exit-code": N}</c> just before bwrap
/// exits (the command's code, 128 + N for a command killed by signal N). This is how the exit code
/// of an adopted sandbox, which is not the supervisor's child, is known.
/// </summary>
internal readonly record struct BwrapStatus(int? ChildPid, int? ExitCode)
{
    public static BwrapStatus Parse(string text)
    {
        int? child = null;
        int? exit = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                using var document = JsonDocument.Parse(line);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                if (document.RootElement.TryGetProperty("child-pid", out var pid) && pid.TryGetInt32(out var p))
                {
                    child = p;
                }

                if (document.RootElement.TryGetProperty("exit-code", out var code) && code.TryGetInt32(out var c))
                {
                    exit = c;
                }
            }
            catch (JsonException)
            {
                // A line cut short (bwrap killed while writing): the rest still counts.
            }
        }

        return new BwrapStatus(child, exit);
    }

    /// <summary>Reads the file; empty when it is missing or unreadable.</summary>
    public static BwrapStatus Read(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return default;
        }
    }
}

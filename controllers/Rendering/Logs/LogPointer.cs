using System.Text.Json;

namespace Verwalter.Rendering.Logs;

/// <summary>
/// Where an index entry points: a text log segment and byte offset (<c>Global</c>, <c>Changes</c>,
/// <c>Role</c>) or an external log file and offset (<c>External</c>). Serialised as
/// <c>{"variant":…,"fields":[…]}</c>.
/// </summary>
internal sealed record LogPointer
{
    private LogPointer(string variant, string? role, string target, long offset)
    {
        Variant = variant;
        Role = role;
        Target = target;
        Offset = offset;
    }

    public string Variant { get; }

    /// <summary>The role, for <c>Role</c> pointers only.</summary>
    public string? Role { get; }

    /// <summary>The segment name, or <c>&lt;logdir&gt;/&lt;path&gt;</c> for <c>External</c>.</summary>
    public string Target { get; }

    public long Offset { get; }

    public static LogPointer Global(string segment, long offset) => new("Global", null, segment, offset);

    public static LogPointer Changes(string segment, long offset) => new("Changes", null, segment, offset);

    public static LogPointer ForRole(string role, string segment, long offset) => new("Role", role, segment, offset);

    public static LogPointer External(string logDirAndPath, long offset) => new("External", null, logDirAndPath, offset);

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("variant", Variant);
        writer.WriteStartArray("fields");
        if (Role is not null)
        {
            writer.WriteStringValue(Role);
        }

        writer.WriteStringValue(Target);
        writer.WriteNumberValue(Offset);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

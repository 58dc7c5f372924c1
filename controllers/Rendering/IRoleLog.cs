namespace Verwalter.Rendering;

/// <summary>
/// Where one role's apply writes: the role's text log (descriptions, template dumps, child output)
/// and the deployment index (action and external-log markers). Implementations are thread-safe
/// enough for a child's stdout and stderr to be written concurrently.
/// </summary>
public interface IRoleLog
{
    /// <summary>A text line (a newline is added).</summary>
    void WriteLine(string text);

    /// <summary>Raw bytes (child output), written as they come.</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Index marker <c>ActionStart</c> for a render file.</summary>
    void ActionStart(string unit);

    /// <summary>Index marker <c>ActionFinish</c> for a render file.</summary>
    void ActionFinish(string unit);

    /// <summary>Index entry <c>ExternalLog</c> pointing at <c>&lt;logDir&gt;/&lt;path&gt;</c> at <paramref name="offset"/>.</summary>
    void ExternalLog(string logDirAndPath, long offset);
}

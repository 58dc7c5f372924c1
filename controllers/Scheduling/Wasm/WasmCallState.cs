using System.Text;

namespace Verwalter.Scheduling.Wasm;

/// <summary>Per-instance host state the imports write to: the log lines of the current call and a panic, if one was reported.</summary>
internal sealed class WasmCallState
{
    private readonly StringBuilder _log = new();

    public string? Panic { get; private set; }

    public void ReportPanic(string message)
    {
        Panic ??= message;
        _log.Append(message).Append('\n');
    }

    public string DrainLog()
    {
        var text = _log.ToString();
        _log.Clear();
        return text;
    }

    public void Reset()
    {
        _log.Clear();
        Panic = null;
    }
}

using System.Text;
using Verwalter.Rendering;

namespace Verwalter.Tests.Rendering.Commands;

/// <summary>An in-memory role log: keeps the text (lines and child bytes) and the index entries, and can signal when some text shows up.</summary>
internal sealed class RecordingRoleLog : IRoleLog
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private readonly List<(string Path, long Offset)> _external = [];
    private (string Needle, TaskCompletionSource Seen)? _waiter;

    public string Text
    {
        get
        {
            lock (_lock)
            {
                return _text.ToString();
            }
        }
    }

    public IReadOnlyList<(string Path, long Offset)> External
    {
        get
        {
            lock (_lock)
            {
                return [.. _external];
            }
        }
    }

    public IEnumerable<string> Lines => Text.Split('\n');

    /// <summary>Completes once <paramref name="needle"/> has been written.</summary>
    public Task WhenWritten(string needle)
    {
        lock (_lock)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiter = (needle, seen);
            Check();
            return seen.Task;
        }
    }

    public void WriteLine(string text) => Append(text + "\n");

    public void Write(ReadOnlySpan<byte> bytes) => Append(Encoding.UTF8.GetString(bytes));

    public void ActionStart(string unit) => Append($"[ActionStart {unit}]\n");

    public void ActionFinish(string unit) => Append($"[ActionFinish {unit}]\n");

    public void ExternalLog(string logDirAndPath, long offset)
    {
        lock (_lock)
        {
            _external.Add((logDirAndPath, offset));
        }
    }

    private void Append(string text)
    {
        lock (_lock)
        {
            _text.Append(text);
            Check();
        }
    }

    private void Check()
    {
        if (_waiter is { } w && _text.ToString().Contains(w.Needle, StringComparison.Ordinal))
        {
            w.Seen.TrySetResult();
            _waiter = null;
        }
    }
}

using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Verwalter.Tests.Cli;

/// <summary>Collects a <c>verwalter up</c> process's output and hands out the JSON node list once it is printed.</summary>
internal sealed class UpOutput
{
    private readonly StringBuilder _text = new();
    private readonly TaskCompletionSource<JsonNode> _report = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public UpOutput(Process process)
    {
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isStdout: true);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isStdout: false);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_text)
            {
                return _text.ToString();
            }
        }
    }

    public async Task<JsonNode> ReportAsync(TimeSpan timeout)
    {
        var done = await Task.WhenAny(_report.Task, _stdoutClosed.Task, Task.Delay(timeout));
        return done == _report.Task ? await _report.Task : throw new TimeoutException("'verwalter up --json' printed no node list:\n" + Text);
    }

    public Task DrainedAsync() => Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);

    private void OnLine(string? line, bool isStdout)
    {
        if (line is null)
        {
            (isStdout ? _stdoutClosed : _stderrClosed).TrySetResult();
            return;
        }

        lock (_text)
        {
            _text.AppendLine(line);
        }

        if (isStdout && line.StartsWith('{'))
        {
            _report.TrySetResult(JsonNode.Parse(line)!);
        }
    }
}

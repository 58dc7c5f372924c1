using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Ends the process with <see cref="ExitCodes.SchedulerWatchdog"/> (91) when an armed run is not
/// disarmed in time, like verwalter's scheduler alarm. It watches from its own thread and the real
/// monotonic clock on purpose: the stuck thread holds no lock it needs, and a fake
/// <see cref="TimeProvider"/> must never be able to kill (or spare) the process.
/// </summary>
internal sealed partial class ProcessExitWatchdog : IRunWatchdog
{
    private readonly object _lock = new();
    private readonly List<Registration> _armed = [];
    private readonly Action<string> _expire;
    private Thread? _thread;

    /// <param name="expire">What to do when a registration expires; the default exits the process.</param>
    internal ProcessExitWatchdog(Action<string>? expire = null) => _expire = expire ?? ExitProcess;

    /// <summary>One watchdog thread per process, shared by every scheduler.</summary>
    public static ProcessExitWatchdog Shared { get; } = new();

    public IDisposable Arm(TimeSpan after, string what)
    {
        var ticks = (long)Math.Min(after.TotalSeconds * Stopwatch.Frequency, long.MaxValue / 2);
        var registration = new Registration(this, Stopwatch.GetTimestamp() + ticks, what);
        lock (_lock)
        {
            _armed.Add(registration);
            if (_thread is null)
            {
                _thread = new Thread(Watch) { IsBackground = true, Name = "scheduler watchdog" };
                _thread.Start();
            }

            Monitor.PulseAll(_lock);
        }

        return registration;
    }

    private void Disarm(Registration registration)
    {
        lock (_lock)
        {
            _armed.Remove(registration);
        }
    }

    private void Watch()
    {
        while (true)
        {
            string? expired = null;
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                var next = long.MaxValue;
                foreach (var registration in _armed)
                {
                    next = Math.Min(next, registration.Deadline);
                }

                if (next <= now)
                {
                    var registration = _armed.Find(r => r.Deadline == next)!;
                    _armed.Remove(registration);
                    expired = registration.What;
                }
                else
                {
                    var wait = next == long.MaxValue ? Timeout.Infinite
                        : (int)Math.Min(int.MaxValue, ((next - now) * 1000 / Stopwatch.Frequency) + 1);
                    Monitor.Wait(_lock, wait);
                }
            }

            if (expired is not null)
            {
                _expire(expired);
            }
        }
    }

    private static void ExitProcess(string what)
    {
        Console.Error.WriteLine($"{what} exceeded its hard deadline, exiting with code {ExitCodes.SchedulerWatchdog}");
        Console.Error.Flush();
        if (OperatingSystem.IsWindows())
        {
            Environment.Exit(ExitCodes.SchedulerWatchdog);
        }

        Exit(ExitCodes.SchedulerWatchdog);
    }

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void Exit(int status);

    private sealed class Registration(ProcessExitWatchdog owner, long deadline, string what) : IDisposable
    {
        public long Deadline { get; } = deadline;

        public string What { get; } = what;

        public void Dispose() => owner.Disarm(this);
    }
}

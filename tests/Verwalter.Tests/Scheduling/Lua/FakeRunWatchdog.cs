using Verwalter.Scheduling.Lua;

namespace Verwalter.Tests.Scheduling.Lua;

/// <summary>Records arming and disarming instead of ever ending the process.</summary>
internal sealed class FakeRunWatchdog : IRunWatchdog
{
    public List<(TimeSpan After, string What)> Armed { get; } = [];

    public int Disarmed { get; private set; }

    /// <summary>Whether something is armed right now (checked from inside a run).</summary>
    public bool IsArmed => Armed.Count > Disarmed;

    public IDisposable Arm(TimeSpan after, string what)
    {
        Armed.Add((after, what));
        return new Registration(this);
    }

    private sealed class Registration(FakeRunWatchdog owner) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (!_disposed)
            {
                _disposed = true;
                owner.Disarmed++;
            }
        }
    }
}

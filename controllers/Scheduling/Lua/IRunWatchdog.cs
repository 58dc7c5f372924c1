namespace Verwalter.Scheduling.Lua;

/// <summary>
/// Last line of defence for a scheduler stuck in one native call the count hook cannot interrupt
/// (a pathological pattern match): armed around every load and run, disposed when it ends.
/// </summary>
internal interface IRunWatchdog
{
    /// <summary>Starts the clock; disposing the result disarms it.</summary>
    /// <param name="after">How long the guarded work may take.</param>
    /// <param name="what">Names the work in the message written when the watchdog fires.</param>
    IDisposable Arm(TimeSpan after, string what);
}

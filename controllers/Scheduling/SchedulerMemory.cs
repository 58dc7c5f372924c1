using System.Runtime;
using System.Runtime.InteropServices;

namespace Verwalter.Scheduling;

/// <summary>
/// Gives the memory of a finished scheduler run back to the operating system, shared by every engine.
/// </summary>
/// <remarks>
/// Measured on a real daemon (see docs/performance.md, "Scheduler memory after faults"): a Lua
/// run stopped at its 256 MiB cap had its state closed and every block freed, yet RSS stayed at
/// 353 MiB and reached 1.18 GB after nine such runs. glibc's <c>free</c> keeps freed blocks in its
/// arenas (a heap is only shrunk from its top, and runs on different pool threads use different
/// arenas); <c>malloc_trim(0)</c> on that process brought it back to 121 MiB. So after a run that
/// failed or held much memory the native heap is trimmed, and for engines on the managed heap
/// (JavaScript) a compacting collection returns the segments.
/// </remarks>
internal static unsafe class SchedulerMemory
{
    /// <summary>A successful run whose engine held more than this is followed by a trim too.</summary>
    public const long TrimAfterBytes = 64L * 1024 * 1024;

    private static readonly delegate* unmanaged<nuint, int> MallocTrim = FindMallocTrim();

    /// <summary>Whether this C library can trim (glibc); elsewhere <see cref="TrimNativeHeap"/> does nothing.</summary>
    public static bool CanTrimNativeHeap => MallocTrim is not null;

    /// <summary>Returns free pages of every malloc arena to the system (<c>malloc_trim(0)</c>).</summary>
    public static void TrimNativeHeap()
    {
        if (MallocTrim is not null)
        {
            _ = MallocTrim(0);
        }
    }

    /// <summary>A blocking, compacting full collection (large objects too) that gives freed segments back.</summary>
    public static void CompactManagedHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static delegate* unmanaged<nuint, int> FindMallocTrim()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc))
        {
            return null;
        }

        return NativeLibrary.TryGetExport(libc, "malloc_trim", out var trim) ? (delegate* unmanaged<nuint, int>)trim : null;
    }
}

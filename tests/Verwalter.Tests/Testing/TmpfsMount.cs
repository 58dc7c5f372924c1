using System.Diagnostics;

namespace Verwalter.Tests.Testing;

/// <summary>
/// A small real tmpfs mounted on a fresh folder under a temp dir (root only), for full-disk and
/// read-only faults. Always unmounted (lazily, so an open file never leaks the mount) and the
/// folder removed on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly DirectoryInfo _parent;
    private bool _mounted;

    public TmpfsMount(int kilobytes)
    {
        _parent = Directory.CreateTempSubdirectory("verwalter-tmpfs-");
        Root = Path.Combine(_parent.FullName, "mnt");
        Directory.CreateDirectory(Root);
        Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k,mode=0755", "tmpfs", Root);
        _mounted = true;
    }

    /// <summary>The skip reason when this host cannot mount (not root).</summary>
    public static string? SkipReason => Environment.IsPrivilegedProcess ? null : "needs root to mount a tmpfs";

    public string Root { get; }

    /// <summary>Fills the file system to the last byte with a filler file; returns its path.</summary>
    public string Fill()
    {
        var path = Path.Combine(Root, "filler");
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        var one = new byte[1];
        try
        {
            while (true)
            {
                file.Write(one);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // Full to the byte.
        }

        return path;
    }

    /// <summary>Frees the space taken by <see cref="Fill"/>.</summary>
    public void Free() => File.Delete(Path.Combine(Root, "filler"));

    public void RemountReadOnly(bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", Root);

    public void Dispose()
    {
        if (_mounted)
        {
            _mounted = false;
            Run("umount", "-l", Root);
        }

        _parent.Delete(recursive: true);
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr}");
        }
    }
}

using System.Runtime.InteropServices;

namespace Verwalter.Rendering.Logs;

/// <summary>
/// <c>realpath(3)</c>: the absolute path with every symlink (in any component) followed and
/// <c>.</c>/<c>..</c> removed. .NET only resolves the last component of a link, which is not
/// enough to tell whether a path stays inside a folder.
/// </summary>
internal static partial class RealPath
{
    /// <summary>The canonical path, or <see langword="null"/> when it does not exist or cannot be resolved.</summary>
    public static string? Resolve(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return File.Exists(path) || Directory.Exists(path) ? Path.GetFullPath(path) : null;
        }

        var resolved = NativeRealPath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            NativeFree(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void NativeFree(IntPtr pointer);
}

using System.Runtime.InteropServices;

namespace Verwalter.Configuration;

/// <summary>
/// What kind of file a path is, from <c>stat(2)</c> (links followed): config files must be
/// regular files or folders. A FIFO would block the reader forever; devices and sockets have no
/// business in a config tree. .NET itself does not tell these apart.
/// </summary>
internal static partial class UnixFileType
{
    private const uint TypeMask = 0xF000;
    private const uint Regular = 0x8000;
    private const uint Directory = 0x4000;

    /// <summary>Null for a regular file or folder; otherwise its kind (<c>FIFO</c>, <c>character device</c>, …).</summary>
    public static string? Irregular(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var offset = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 24,
            Architecture.Arm64 => 16,
            _ => -1,
        };
        if (offset < 0)
        {
            return null;
        }

        var buffer = new byte[256];
        if (Stat(path, buffer) != 0)
        {
            return null;
        }

        var mode = BitConverter.ToUInt32(buffer, offset) & TypeMask;
        return mode switch
        {
            Regular or Directory => null,
            0x1000 => "FIFO",
            0x2000 => "character device",
            0x6000 => "block device",
            0xC000 => "socket",
            _ => "special file",
        };
    }

    [LibraryImport("libc", EntryPoint = "stat", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Stat(string path, [Out] byte[] buffer);
}

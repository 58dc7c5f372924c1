using System.Security.Cryptography;
using System.Text;
using Verwalter.Cluster;

namespace Verwalter.Api.Cli;

/// <summary>
/// The cluster key <c>verwalter up</c> gives every node: <c>&lt;work&gt;/cluster.key</c>, created once
/// (32 random bytes, base64, mode 0600, written to a temp file and renamed) and reused by every
/// later <c>up</c> on the same work dir, so restarted nodes still trust each other.
/// </summary>
internal static class UpClusterKey
{
    public const string FileName = "cluster.key";
    public const string Option = "--cluster-key-file";

    /// <summary>The key file's path, creating the file when it does not exist yet.</summary>
    /// <exception cref="IOException">The file cannot be written, or an existing one is unreadable or too short (the message names it).</exception>
    public static string Ensure(string workDir)
    {
        var path = Path.Combine(workDir, FileName);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(workDir);
            var temp = path + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\n"));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: false);
        }

        _ = ClusterKey.Load(path); // an existing file must still be a usable key
        return path;
    }

    /// <summary>True when the user already passes a key through <c>--daemon-arg</c>.</summary>
    public static bool GivenIn(IEnumerable<string> daemonArgs) =>
        daemonArgs.Any(a => a == Option || a.StartsWith(Option + "=", StringComparison.Ordinal));
}

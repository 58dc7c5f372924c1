using System.Net;
using IOPath = System.IO.Path;

namespace Verwalter.Supervision;

/// <summary>Reads <c>sandboxes/NAME.yaml</c> (spec B.2.2). The name is the file name without <c>.yaml</c>.</summary>
internal static class SandboxLoader
{
    public static SandboxDefinition Load(MasterConfig master, string path) =>
        Parse(master, IOPath.GetFileNameWithoutExtension(path), path, File.ReadAllText(path));

    public static SandboxDefinition Parse(MasterConfig master, string name, string path, string text)
    {
        var map = QuireMap.Of(path, string.Empty, QuireDocument.Parse(path, text), QuireDocument.Origin);
        if (!ProcessesFileLoader.IsValidName(name))
        {
            throw map.Error(map.At, string.Empty, $"sandbox name '{name}' may only use letters, digits, '_' and '-'");
        }

        var configFile = map.String("config-file", $"{name}.yaml");
        if (IOPath.IsPathRooted(configFile) || configFile.Split('/').Contains(".."))
        {
            throw map.Error(map.Take("config-file")!, "config-file", "must be a file name relative to processes-dir");
        }

        var sandbox = new SandboxDefinition(
            name,
            path,
            configFile,
            map.String("image-dir", "/var/lib/lithos/containers"),
            (int)map.Integer("image-dir-levels", 1, 1, 16),
            map.OptionalString("used-images-list"),
            map.Boolean("auto-clean", true),
            IOPath.GetFullPath(map.String("log-file", $"{name}.log"), master.DefaultLogDir),
            map.OptionalString("log-level"),
            AbsolutePaths(map, "readonly-paths"),
            AbsolutePaths(map, "writable-paths"),
            QuireLists.Ranges(map, "allow-users"),
            QuireLists.Ranges(map, "allow-groups"),
            map.OptionalInteger("default-user", 0, uint.MaxValue),
            map.Integer("default-group", 0, 0, uint.MaxValue),
            PortRanges(map),
            Hosts(map),
            QuireLists.Maps(map, "uid-map"),
            QuireLists.Maps(map, "gid-map"),
            map.String("resolv-conf", "/etc/resolv.conf"),
            map.String("hosts-file", "/etc/hosts"),
            Bridged(map),
            map.OptionalString("secrets-private-key"),
            map.StringList("secrets-namespaces") is { IsEmpty: false } namespaces ? namespaces : [string.Empty]);
        map.RejectUnknown("see the sandbox keys in docs/supervisor.md");
        if (sandbox.AllowUsers.IsEmpty || sandbox.AllowGroups.IsEmpty)
        {
            throw map.Error(map.At, sandbox.AllowUsers.IsEmpty ? "allow-users" : "allow-groups",
                "must list at least one id; a sandbox without allowed users or groups can run nothing");
        }

        return sandbox;
    }

    private static System.Collections.Immutable.ImmutableSortedDictionary<string, string> AbsolutePaths(QuireMap map, string key)
    {
        var paths = map.StringMap(key);
        foreach (var (name, keyNode, value) in map.Entries(key).ToList())
        {
            if (!name.StartsWith('/') || !map.Text(value, key).StartsWith('/'))
            {
                throw map.Error(keyNode, $"{key}.{name}", "both the virtual path and the host path must be absolute");
            }
        }

        return paths;
    }

    private static System.Collections.Immutable.ImmutableArray<IdRange> PortRanges(QuireMap map)
    {
        var ports = QuireLists.Ranges(map, "allow-tcp-ports");
        return ports.Any(p => p.End > ushort.MaxValue)
            ? throw map.Error(map.At, "allow-tcp-ports", "ports must be within 0-65535")
            : ports;
    }

    private static System.Collections.Immutable.ImmutableSortedDictionary<string, string> Hosts(QuireMap map)
    {
        var hosts = map.StringMap("additional-hosts");
        foreach (var (name, ip) in hosts)
        {
            if (!IPAddress.TryParse(ip, out _))
            {
                throw map.Error(map.At, $"additional-hosts.{name}", $"'{ip}' is not an IP address");
            }
        }

        return hosts;
    }

    private static BridgedNetwork? Bridged(QuireMap map)
    {
        if (!map.Has("bridged-network"))
        {
            map.Take("bridged-network");
            return null;
        }

        var net = map.Child("bridged-network");
        var result = new BridgedNetwork(
            net.RequiredString("bridge"),
            net.RequiredString("network"),
            net.OptionalString("default-gateway"),
            net.StringList("after-setup-command"));
        net.RejectUnknown("bridged-network has bridge, network, default-gateway and after-setup-command");
        return IPNetwork.TryParse(result.Network, out _)
            ? result
            : throw net.Error(net.At, "network", $"'{result.Network}' is not a CIDR network");
    }
}

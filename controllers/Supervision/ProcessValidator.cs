using System.Net;
using Verwalter.Configuration;
using Verwalter.Supervision.Runtime;

namespace Verwalter.Supervision;

/// <summary>
/// The checks lithos left to <c>lithos_check</c> that need the container config as well as the
/// entry and the sandbox (spec B.2.5, B.6): kind fit, declared and provided variables, variable
/// types and port ranges, references, users, groups and id maps, activation names and per-instance
/// IPs. The supervisor runs them on every load, so they cannot be bypassed by editing files.
/// </summary>
internal static class ProcessValidator
{
    public const string NameBuiltin = "lithos:name";
    public const string ConfigBuiltin = "lithos:config_filename";
    public const string PidBuiltin = "lithos:pid";

    private static readonly string[] ActivationNames = ["LISTEN_FDS", "LISTEN_FDNAMES", "LISTEN_PID"];

    public static List<ConfigProblem> Check(string file, SandboxDefinition sandbox, ProcessEntry entry, ContainerConfig container)
    {
        var problems = new List<ConfigProblem>();
        void Add(string field, string message) => problems.Add(Problem(file, entry, field, message));

        var fits = entry.Kind switch
        {
            ProcessKind.Daemon => container.Kind is ProcessKind.Daemon or ProcessKind.CommandOrDaemon,
            _ => container.Kind is ProcessKind.Command or ProcessKind.CommandOrDaemon,
        };
        if (!fits)
        {
            Add("kind", $"the entry is a {entry.Kind} but the container config at {entry.Config} is a {container.Kind}");
        }

        foreach (var (name, value) in entry.Variables)
        {
            if (!container.Variables.TryGetValue(name, out var type))
            {
                Add($"variables.{name}", $"is not declared by the container config at {entry.Config}");
            }
            else if (type.Check(value, sandbox) is { } wrong)
            {
                Add($"variables.{name}", wrong);
            }
        }

        foreach (var name in container.Variables.Keys.Where(name => !entry.Variables.ContainsKey(name)))
        {
            Add($"variables.{name}", "is declared by the container config but not given a value");
        }

        CheckReferences(container, Add);
        CheckIdentity(sandbox, container, Add);
        if (container.Variables.Values.Any(v => v.SystemdActivation))
        {
            foreach (var name in ActivationNames.Where(container.Environ.ContainsKey))
            {
                Add("config", $"environ sets {name}, which systemd socket activation sets itself");
            }
        }

        CheckNetwork(sandbox, entry, container, Add);
        CheckDescriptors(container, Add);
        return problems;
    }

    public static ConfigProblem Problem(string file, ProcessEntry entry, string field, string message) =>
        new(file, entry.Line, null, $"{entry.Name}.{field}: {message}");

    private static void CheckReferences(ContainerConfig container, Action<string, string> add)
    {
        bool Known(string name) => container.Variables.ContainsKey(name) || name is NameBuiltin or ConfigBuiltin;
        foreach (var name in container.Arguments.SelectMany(VariableSubstitution.References).Where(n => !Known(n)))
        {
            add("config", $"the container's arguments use @{{{name}}}, which is not a declared variable");
        }

        foreach (var (env, value) in container.Environ)
        {
            if (VariableSubstitution.IsWholePid(value))
            {
                continue;
            }

            foreach (var name in VariableSubstitution.References(value).Where(n => !Known(n)))
            {
                add("config", $"the container's environ {env} uses @{{{name}}}, which is not a declared variable"
                    + (name == PidBuiltin ? " (lithos:pid is only allowed as the whole value)" : string.Empty));
            }
        }

        foreach (var name in container.TcpPorts.Keys.SelectMany(VariableSubstitution.References).Where(n => !container.Variables.ContainsKey(n)))
        {
            add("config", $"the container's tcp-ports use @{{{name}}}, which is not a declared variable");
        }
    }

    private static void CheckIdentity(SandboxDefinition sandbox, ContainerConfig container, Action<string, string> add)
    {
        if (!sandbox.UidMap.IsEmpty && (!container.UidMap.IsEmpty || !container.GidMap.IsEmpty))
        {
            add("config", "the container sets uid-map/gid-map but the sandbox already maps ids");
        }

        var user = container.UserId ?? sandbox.DefaultUser;
        if (user is null)
        {
            add("config", "the container has no user-id and the sandbox no default-user");
        }
        else if (!container.UidMap.IsEmpty ? !container.UidMap.Any(m => user >= m.Inside && user < m.Inside + m.Count)
                 : !IdRange.AnyContains(sandbox.AllowUsers, user.Value))
        {
            add("config", $"user {user} is not allowed by the sandbox (allow-users [{string.Join(", ", sandbox.AllowUsers)}])");
        }

        var group = container.GroupId ?? sandbox.DefaultGroup;
        if (!container.GidMap.IsEmpty ? !container.GidMap.Any(m => group >= m.Inside && group < m.Inside + m.Count)
            : !IdRange.AnyContains(sandbox.AllowGroups, group))
        {
            add("config", $"group {group} is not allowed by the sandbox (allow-groups [{string.Join(", ", sandbox.AllowGroups)}])");
        }

        foreach (var map in container.UidMap.Where(m => !IdRange.AnyContains(sandbox.AllowUsers, m.Outside, m.Count)))
        {
            add("config", $"uid-map outside range {map.Outside}+{map.Count} is not within allow-users");
        }

        foreach (var map in container.GidMap.Where(m => !IdRange.AnyContains(sandbox.AllowGroups, m.Outside, m.Count)))
        {
            add("config", $"gid-map outside range {map.Outside}+{map.Count} is not within allow-groups");
        }
    }

    // Spec B.2.5: activation takes fd 3, 4, … (one per activation variable); explicit tcp-ports
    // must stay off those and off each other (fds 1 and 2 are refused when the file is parsed), and
    // the supervisor binds the host itself, so it must be an IP address.
    private static void CheckDescriptors(ContainerConfig container, Action<string, string> add)
    {
        var activation = container.Variables.Values.Count(v => v.SystemdActivation);
        foreach (var (key, port) in container.TcpPorts)
        {
            if (port.Fd >= InstanceSockets.FirstActivationFd && port.Fd < InstanceSockets.FirstActivationFd + activation)
            {
                var taken = activation == 1 ? "fd 3" : $"fds 3-{2 + activation}";
                add("config", $"the container's tcp-ports '{key}' uses fd {port.Fd}, which systemd socket activation takes ({taken})");
            }

            if (!IPAddress.TryParse(port.Host, out _))
            {
                add("config", $"the container's tcp-ports '{key}' has host '{port.Host}', which is not an IP address");
            }
        }

        foreach (var clash in container.TcpPorts.GroupBy(p => p.Value.Fd).Where(g => g.Count() > 1))
        {
            add("config", $"the container's tcp-ports {string.Join(", ", clash.Select(p => $"'{p.Key}'"))} all use fd {clash.Key}");
        }
    }

    private static void CheckNetwork(SandboxDefinition sandbox, ProcessEntry entry, ContainerConfig container, Action<string, string> add)
    {
        foreach (var (key, port) in container.TcpPorts.Where(p => !p.Key.Contains("@{", StringComparison.Ordinal)))
        {
            if (!ushort.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var number))
            {
                add("config", $"the container's tcp-ports key '{key}' is not a port");
            }
            else if ((sandbox.BridgedNetwork is null || port.External) && !IdRange.AnyContains(sandbox.AllowTcpPorts, number))
            {
                add("config", $"the container's port {number} is outside the sandbox's allow-tcp-ports [{string.Join(", ", sandbox.AllowTcpPorts)}]");
            }
        }

        if (sandbox.BridgedNetwork is not { } bridge)
        {
            if (!entry.IpAddresses.IsEmpty)
            {
                add("ip-addresses", "are only allowed in a sandbox with a bridged-network");
            }

            return;
        }

        var network = IPNetwork.Parse(bridge.Network);
        if (entry.Kind is ProcessKind.Daemon && entry.IpAddresses.Length < entry.Instances)
        {
            add("ip-addresses", $"a bridged sandbox needs one address per instance ({entry.Instances}), got {entry.IpAddresses.Length}");
        }

        foreach (var ip in entry.IpAddresses.Where(ip => !network.Contains(IPAddress.Parse(ip))))
        {
            add("ip-addresses", $"{ip} is not inside the sandbox network {bridge.Network}");
        }
    }
}

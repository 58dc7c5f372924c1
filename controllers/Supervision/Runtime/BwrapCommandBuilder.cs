using System.Collections.Immutable;
using System.Globalization;

namespace Verwalter.Supervision.Runtime;

/// <summary>
/// Turns one desired instance into the launcher chain (pure, so every mapping is unit-tested):
/// <c>prlimit --nofile=N:N -- setpriv --reuid U --regid G --clear-groups -- bwrap … -- executable args</c>.
/// bwrap gets the image as the read-only root, a fresh <c>/dev</c> and <c>/proc</c>, new PID, mount,
/// IPC and UTS namespaces (and a user namespace mapping U and G to themselves when U is not root, so
/// the process really runs as U on the host), the volumes sorted parents first, an empty
/// environment plus <c>environ</c>, <c>LITHOS_NAME</c>, <c>LITHOS_CONFIG</c> and the systemd
/// activation variables, the workdir, and <c>--json-status-fd N</c> (the launcher opens the
/// instance's status file there, above every socket fd of the instance), which records the
/// sandbox's init pid and the command's exit code where a later supervisor can read them. The
/// instance's listening sockets (<see cref="InstanceSockets"/>) are not arguments: the launcher
/// hands them over as inherited descriptors, which bwrap passes through to the command.
/// Never <c>--die-with-parent</c>: containers outlive the supervisor. Features bubblewrap cannot give
/// are refused with a <see cref="SandboxUnsupportedException"/> naming them.
/// </summary>
internal static class BwrapCommandBuilder
{
    /// <summary>The in-container pid of the command: bwrap's own init is 1, the command 2.</summary>
    public const string CommandPid = "2";

    public static LaunchSpec Build(MasterConfig master, SandboxDefinition sandbox, DesiredInstance instance, BwrapTools tools)
    {
        var container = instance.Container;
        var config = container.Config;
        Refuse(sandbox, container);
        if (tools.IsSetuid() && (!container.ActivationPorts.IsEmpty || container.Environ.Values.Any(v => v == "@{lithos:pid}")))
        {
            // A setuid bwrap forks a helper inside the PID namespace first, so the command is not
            // pid 2 there and LISTEN_PID / @{lithos:pid} would name the wrong process.
            throw new SandboxUnsupportedException(
                $"systemd activation and @{{lithos:pid}} need a bwrap that is not setuid ({tools.Bwrap} is); the command's pid inside the sandbox would not be {CommandPid}");
        }

        var image = Path.Combine(sandbox.ImageDir, instance.Identity.Image);
        var stateDir = StateDir(master, instance.Key);
        var directories = ImmutableArray.CreateBuilder<DirectoryToCreate>();
        var bwrap = new List<string>
        {
            tools.Bwrap, "--unshare-pid", "--unshare-ipc", "--unshare-uts",
        };
        if (container.UserId != 0)
        {
            bwrap.AddRange(["--unshare-user", "--uid", Text(container.UserId), "--gid", Text(container.GroupId)]);
        }

        bwrap.AddRange(["--ro-bind", image, "/", "--dev", "/dev", "--proc", "/proc"]);
        foreach (var (mount, volume) in config.Volumes.OrderBy(v => v.Key.Length).ThenBy(v => v.Key, StringComparer.Ordinal))
        {
            switch (volume)
            {
                case ReadonlyVolume ro:
                    bwrap.AddRange(["--ro-bind", Resolve(sandbox, ro.Path, readOnly: true, mount), mount]);
                    break;
                case PersistentVolume rw:
                    var host = Resolve(sandbox, rw.Path, readOnly: false, mount);
                    if (rw.Mkdir)
                    {
                        directories.Add(new DirectoryToCreate(host, rw.Mode, rw.User, rw.Group));
                    }

                    bwrap.AddRange(["--bind", host, mount]);
                    break;
                case TmpfsVolume tmp:
                    bwrap.AddRange(["--perms", Octal(tmp.Mode), "--size", Text(tmp.Size), "--tmpfs", mount]);
                    break;
                case StatedirVolume state:
                    var path = Path.Combine(stateDir, state.Path.TrimStart('/'));
                    directories.Add(new DirectoryToCreate(path, state.Mode, state.User, state.Group));
                    bwrap.AddRange(["--bind", path, mount]);
                    break;
            }
        }

        HostFile(bwrap, image, "/etc/resolv.conf", sandbox.ResolvConf, config.ResolvConf);
        HostFile(bwrap, image, "/etc/hosts", sandbox.HostsFile, config.HostsFile);
        var sockets = InstanceSockets.Of(container);
        var statusFd = InstanceSockets.StatusFd(sockets);
        bwrap.AddRange(["--json-status-fd", Text(statusFd), "--chdir", config.Workdir, "--clearenv"]);
        foreach (var (name, value) in Environment(instance))
        {
            bwrap.AddRange(["--setenv", name, value]);
        }

        bwrap.Add("--");
        bwrap.Add(config.Executable);
        bwrap.AddRange(container.Arguments);
        var argv = new List<string>
        {
            tools.Prlimit, $"--nofile={Text(config.FilenoLimit)}:{Text(config.FilenoLimit)}", "--",
            tools.Setpriv, $"--reuid={Text(container.UserId)}", $"--regid={Text(container.GroupId)}", "--clear-groups", "--",
        };
        argv.AddRange(bwrap);
        return new LaunchSpec(tools.Prlimit, [.. argv], OutputPath(master, sandbox, instance, stateDir), directories.ToImmutable())
        {
            Sockets = sockets,
            StatusFd = statusFd,
        };
    }

    /// <summary><c>&lt;state-dir&gt;/&lt;sandbox&gt;/&lt;process&gt;.&lt;i&gt;</c>, as lithos.</summary>
    public static string StateDir(MasterConfig master, InstanceKey key) =>
        Path.Combine(master.StateDir, key.Sandbox, string.Create(CultureInfo.InvariantCulture, $"{key.Process}.{key.Index}"));

    /// <summary>
    /// The container's environment: <c>environ</c> (with <c>@{lithos:pid}</c> filled), then
    /// LITHOS_NAME and LITHOS_CONFIG, then LISTEN_FDS, LISTEN_FDNAMES and LISTEN_PID with systemd
    /// activation (validation keeps those three out of <c>environ</c>).
    /// </summary>
    public static ImmutableSortedDictionary<string, string> Environment(DesiredInstance instance)
    {
        var env = instance.Container.Environ.ToBuilder();
        foreach (var (name, value) in instance.Container.Environ.Where(e => e.Value == "@{lithos:pid}"))
        {
            env[name] = CommandPid;
        }

        env["LITHOS_NAME"] = instance.Key.ToString();
        env["LITHOS_CONFIG"] = instance.Identity.Config;
        foreach (var (name, value) in InstanceSockets.ActivationEnvironment(instance.Container, CommandPid))
        {
            env[name] = value;
        }

        return env.ToImmutable();
    }

    /// <summary>
    /// The host path behind a virtual path: the first key (sorted) that is a path prefix, in
    /// readonly-paths then writable-paths for a read-only volume, writable-paths only for a
    /// persistent one (spec B.4.2).
    /// </summary>
    public static string Resolve(SandboxDefinition sandbox, string virtualPath, bool readOnly, string mount)
    {
        IEnumerable<KeyValuePair<string, string>> candidates = readOnly
            ? sandbox.ReadonlyPaths.Concat(sandbox.WritablePaths)
            : sandbox.WritablePaths;
        foreach (var (prefix, host) in candidates)
        {
            if (virtualPath == prefix || prefix == "/" || virtualPath.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                var rest = virtualPath.Length > prefix.Length ? virtualPath[prefix.Length..].TrimStart('/') : string.Empty;
                return rest.Length == 0 ? host : Path.Combine(host, rest);
            }
        }

        throw new SandboxUnsupportedException(
            $"volume {mount}: the sandbox '{sandbox.Name}' maps no {(readOnly ? "readonly-paths or writable-paths" : "writable-paths")} entry for {virtualPath}");
    }

    private static void Refuse(SandboxDefinition sandbox, ResolvedContainer container)
    {
        var config = container.Config;
        var unsupported = new List<string>();
        if (sandbox.BridgedNetwork is not null)
        {
            unsupported.Add($"the sandbox's bridged-network (bridge {sandbox.BridgedNetwork.Bridge}): bubblewrap gives no bridged networking; the instance would share the host network");
        }

        if (config.HasSecrets)
        {
            unsupported.Add("secret-environ / secret-environ-file: encrypted secrets are not supported");
        }

        if (!sandbox.UidMap.IsEmpty || !sandbox.GidMap.IsEmpty || !config.UidMap.IsEmpty || !config.GidMap.IsEmpty)
        {
            unsupported.Add("uid-map / gid-map: bubblewrap maps a single uid and gid");
        }

        if (unsupported.Count > 0)
        {
            throw new SandboxUnsupportedException("not supported by the bubblewrap sandbox: " + string.Join("; ", unsupported));
        }
    }

    // lithos's "auto": bind the host file only when copying is on and the image has a regular file there.
    private static void HostFile(List<string> bwrap, string image, string inside, string hostFile, HostFileSettings settings)
    {
        var target = new FileInfo(image + inside);
        var regular = target.Exists && target.LinkTarget is null;
        var mount = settings.Mount ?? (settings.CopyFromHost && regular);
        if (mount && settings.CopyFromHost && File.Exists(hostFile))
        {
            bwrap.AddRange(["--ro-bind", hostFile, inside]);
        }
    }

    private static string OutputPath(MasterConfig master, SandboxDefinition sandbox, DesiredInstance instance, string stateDir)
    {
        if (instance.Container.Config.StdoutStderrFile is { } inside)
        {
            foreach (var (mount, volume) in instance.Container.Config.Volumes.OrderByDescending(v => v.Key.Length))
            {
                if (inside.StartsWith(mount.TrimEnd('/') + "/", StringComparison.Ordinal))
                {
                    var rest = inside[(mount.TrimEnd('/').Length + 1)..];
                    switch (volume)
                    {
                        case PersistentVolume rw:
                            return Path.Combine(Resolve(sandbox, rw.Path, readOnly: false, mount), rest);
                        case StatedirVolume state:
                            return Path.Combine(stateDir, state.Path.TrimStart('/'), rest);
                    }
                }
            }

            throw new SandboxUnsupportedException(
                $"stdout-stderr-file {inside} must be inside a !Persistent or !Statedir volume so the supervisor can open it on the host");
        }

        return master.StdioLogDir is { } dir ? Path.Combine(dir, $"{sandbox.Name}.log") : "/dev/null";
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Octal(int mode) => Convert.ToString(mode, 8).PadLeft(4, '0');
}

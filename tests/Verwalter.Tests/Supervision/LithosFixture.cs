using Verwalter.Supervision;

namespace Verwalter.Tests.Supervision;

/// <summary>A throw-away supervisor config tree: master.yaml, sandboxes/ and processes/ in a temp dir.</summary>
internal sealed class LithosFixture : IDisposable
{
    public const string DefaultSandbox = """
        image-dir: /images
        image-dir-levels: 2
        allow-users: [1000-1999]
        allow-groups: [100]
        default-user: 1000
        default-group: 100
        allow-tcp-ports: [8000-8999]
        readonly-paths: {/config: /etc/app}
        writable-paths: {/data: /var/lib/app}
        """;

    public const string DefaultContainer = """
        kind: Daemon
        executable: /bin/app
        arguments: [--port, "@{port}", --name, "@{ lithos:name }"]
        environ: {MODE: "@{mode}", PID: "@{lithos:pid}"}
        variables:
          port: !TcpPort
          mode: !Choice [dev, prod]
        volumes:
          /config: !Readonly /config
          /data: !Persistent {path: /data, mkdir: true, mode: 0o755, user: 1000}
          /tmp: !Tmpfs {size: 10Mi}
          /state: !Statedir {}
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-lithos-");

    public LithosFixture(string master = "")
    {
        MasterPath = Path.Combine(_root.FullName, "master.yaml");
        File.WriteAllText(MasterPath, master);
        Directory.CreateDirectory(Path.Combine(_root.FullName, "sandboxes"));
        Directory.CreateDirectory(Path.Combine(_root.FullName, "processes"));
        Containers.Add("app/v1", "/config.yaml", DefaultContainer);
        Containers.Add("app/v2", "/config.yaml", DefaultContainer);
    }

    public string Root => _root.FullName;

    public string MasterPath { get; }

    public InMemoryContainerConfigs Containers { get; } = new();

    public LithosFixture WithSandbox(string name, string yaml = DefaultSandbox)
    {
        File.WriteAllText(Path.Combine(Root, "sandboxes", $"{name}.yaml"), yaml);
        return this;
    }

    public string WriteProcesses(string sandbox, string yaml)
    {
        var path = Path.Combine(Root, "processes", $"{sandbox}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    public LithosConfigTree Load((string Sandbox, string Path)? alternate = null) => LithosConfigLoader.Load(MasterPath, alternate);

    public DesiredProcessSet Desired() => DesiredProcessSetBuilder.Build(Load(), Containers);

    public static string Web(int instances, string port = "8080", string mode = "prod", string image = "app/v1") => $$"""
        web:
          image: {{image}}
          config: /config.yaml
          instances: {{instances}}
          variables: {port: "{{port}}", mode: {{mode}}}
        """;

    public void Dispose() => _root.Delete(recursive: true);
}

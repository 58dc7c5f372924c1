namespace Verwalter.Tests.Cluster.Real;

/// <summary>A small config tree for real-cluster tests: a scheduler that places one role on every node it knows, no templates.</summary>
public sealed class ClusterTestConfig : IDisposable
{
    public const string Scheduler = """
        return {
          scheduler = function(input)
            local nodes = { [input.current_host] = { roles = {} } }
            for _, peer in pairs(input.peers or {}) do
              if peer.hostname then nodes[peer.hostname] = { roles = {} } end
            end
            return { vars = { leader = input.current_host }, roles = {}, nodes = nodes, runtime = input.runtime }
          end
        }
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("verwalter-cluster-config-");

    public ClusterTestConfig()
    {
        Write("scheduler/v1/main.lua", Scheduler);
        Write("runtime/app/v1.yaml", "image: app-v1\ninstances: 1\n");
        Directory.CreateDirectory(Path.Combine(Dir, "sandbox"));
    }

    public string Dir => _root.FullName;

    public void Write(string relative, string text)
    {
        var path = Path.Combine(Dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public void Dispose() => _root.Delete(recursive: true);
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Verwalter.Benchmarks;

/// <summary>A deterministic synthetic cluster: N peers and R roles with three versions each.</summary>
internal static class SyntheticCluster
{
    public const long Now = 1_767_225_600_000;

    public static JsonObject Peers(int count)
    {
        var peers = new JsonObject();
        for (var i = 1; i < count; i++)
        {
            var id = i.ToString("x32", CultureInfo.InvariantCulture);
            var host = Host(i);
            peers[id] = new JsonObject
            {
                ["id"] = id,
                ["addr"] = $"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}:8379",
                ["name"] = host + ".example.com",
                ["hostname"] = host,
                ["known_since"] = Now - 86_400_000 + i,
                ["last_report_direct"] = Now - (i % 1000),
                ["errors"] = 0,
                ["schedule"] = new JsonObject
                {
                    ["timestamp"] = Now - 5000,
                    ["hash"] = "0123456789abcdef0123456789abcdef01234567",
                    ["origin"] = 0.ToString("x32", CultureInfo.InvariantCulture),
                },
            };
        }

        return peers;
    }

    public static JsonObject Runtime(int roles)
    {
        var runtime = new JsonObject();
        for (var r = 0; r < roles; r++)
        {
            var versions = new JsonObject();
            for (var v = 1; v <= 3; v++)
            {
                versions[$"v{v}.0.{r}"] = new JsonObject
                {
                    ["image"] = $"registry.local/role{r:00}:v{v}.0.{r}",
                    ["instances"] = 100 + (10 * r),
                    ["memory_mb"] = 128 * (1 + (r % 4)),
                    ["ports"] = new JsonArray(8000 + (r * 100), 9000 + (r * 100)),
                    ["env"] = new JsonObject { ["LOG_LEVEL"] = "info", ["WORKERS"] = 1 + (r % 8), ["FEATURE_X"] = v > 1 },
                };
            }

            runtime[$"role{r:00}"] = versions;
        }

        return runtime;
    }

    public static string Host(int i) => "node" + i.ToString("0000", CultureInfo.InvariantCulture);
}

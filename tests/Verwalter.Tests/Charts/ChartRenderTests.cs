using YamlDotNet.RepresentationModel;

namespace Verwalter.Tests.Charts;

/// <summary>charts/verwalter rendered by tests/chart/render with the default values and variations.</summary>
public sealed class ChartRenderTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("verwalter-chart-");

    public void Dispose() => _temp.Delete(recursive: true);

    [Fact]
    public async Task Render_DefaultValues_EveryDocumentIsAnObjectWithKindNameAndLabels()
    {
        var render = (await ChartRender.VerwalterAsync()).Ok();

        Assert.Equal(
            ["ConfigMap", "DaemonSet", "PodDisruptionBudget", "Service", "ServiceAccount"],
            render.Documents.Select(d => d.Str("kind")!).Order(StringComparer.Ordinal));
        Assert.All(render.Documents, d =>
        {
            Assert.False(string.IsNullOrEmpty(d.Str("apiVersion")));
            var metadata = d.Map("metadata");
            Assert.Equal("release-name-verwalter", metadata.Str("name")!.Replace("-config", "", StringComparison.Ordinal).Replace("-peers", "", StringComparison.Ordinal));
            Assert.Equal("default", metadata.Str("namespace"));
            Assert.Equal("verwalter-0.1.0", metadata.Map("labels").Str("helm.sh/chart"));
        });
        Assert.DoesNotContain("NOTES", render.Run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_DefaultValues_DaemonSetRunsTheDaemonOnTheNodeAddress()
    {
        var render = (await ChartRender.VerwalterAsync()).Ok();

        Assert.Equal("true", render.PodSpec.Str("hostNetwork"));
        Assert.Equal("ClusterFirstWithHostNet", render.PodSpec.Str("dnsPolicy"));
        var daemon = render.Container("daemon");
        Assert.Equal(["/usr/bin/verwalter"], daemon.Seq("command").Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("verwalter:0.1.0", daemon.Str("image"));
        Assert.Equal(
            [
                "daemon", "--config-dir=/etc/verwalter", "--storage-dir=/var/lib/verwalter", "--log-dir=/var/log/verwalter",
                "--host=$(VERWALTER_NODE_IP)", "--port=8379", "--hostname=$(VERWALTER_NODE_NAME)", "--supervisor=separate",
                "--supervisor-config=/etc/lithos/master.yaml", "--join=release-name-verwalter-peers.default.svc:8379",
            ],
            render.DaemonArgs);
        var env = daemon.Seq("env").Cast<YamlMappingNode>().ToDictionary(e => e.Str("name")!);
        Assert.Equal("status.hostIP", env["VERWALTER_NODE_IP"].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal("spec.nodeName", env["VERWALTER_NODE_NAME"].Map("valueFrom").Map("fieldRef").Str("fieldPath"));
        Assert.Equal("/tmp/dotnet-bundle", env["DOTNET_BUNDLE_EXTRACT_BASE_DIR"].Str("value"));
        Assert.Equal(["TCP", "UDP"], daemon.Seq("ports").Cast<YamlMappingNode>().Select(p => p.Str("protocol")));
        Assert.All(daemon.Seq("ports").Cast<YamlMappingNode>(), p => Assert.Equal("8379", p.Str("containerPort")));
    }

    [Fact]
    public async Task Render_DefaultValues_ProbesGetHealthzAndReadyzOnTheHttpPort()
    {
        var daemon = (await ChartRender.VerwalterAsync()).Ok().Container("daemon");

        var liveness = daemon.Map("livenessProbe");
        Assert.Equal("/healthz", liveness.Map("httpGet").Str("path"));
        Assert.Equal("http", liveness.Map("httpGet").Str("port"));
        Assert.Equal("6", liveness.Str("failureThreshold"));
        var readiness = daemon.Map("readinessProbe");
        Assert.Equal("/readyz", readiness.Map("httpGet").Str("path"));
        Assert.Equal("5", readiness.Str("periodSeconds"));
        Assert.Equal("512Mi", daemon.Map("resources").Map("limits").Str("memory"));
        Assert.Equal("96Mi", daemon.Map("resources").Map("requests").Str("memory"));
    }

    [Fact]
    public async Task Render_DefaultValues_StorageLogsAndSupervisorDirsAreHostPaths()
    {
        var render = (await ChartRender.VerwalterAsync()).Ok();

        foreach (var (volume, path) in new[] { ("storage", "/var/lib/verwalter"), ("logs", "/var/log/verwalter"), ("lithos-config", "/etc/lithos"), ("lithos-runtime", "/run/lithos"), ("host-0", "/var/lib/lithos") })
        {
            var hostPath = render.Volume(volume).Map("hostPath");
            Assert.Equal(path, hostPath.Str("path"));
            Assert.Equal("DirectoryOrCreate", hostPath.Str("type"));
            Assert.Contains(ChartRender.Mounts(render.Container("daemon")), m => m.Str("name") == volume && m.Str("mountPath") == path);
        }

        Assert.Equal("/etc/machine-id", render.Volume("machine-id").Map("hostPath").Str("path"));
        Assert.Contains(ChartRender.Mounts(render.Container("daemon")), m => m.Str("name") == "config" && m.Str("mountPath") == "/etc/verwalter" && m.Str("readOnly") == "true");
    }

    [Fact]
    public async Task Render_DefaultValues_ConfigMapKeysMatchTheVolumeItemsAndTheirTreePaths()
    {
        var file = Path.Combine(_temp.FullName, "config.yaml");
        File.WriteAllText(file, """
            config:
              files:
                scheduler/v1/main.lua: "return {scheduler = function(i) return '{}', '' end}"
                runtime/web/1.0.yaml: "port: 8080\n"
                templates/web/main.hbs: "{{port}}"
            """);
        var render = (await ChartRender.VerwalterAsync("-f", file)).Ok();

        var data = render.Single("ConfigMap").Map("data");
        var configMap = render.Volume("config").Map("configMap");
        Assert.Equal("release-name-verwalter-config", configMap.Str("name"));
        var items = configMap.Seq("items").Cast<YamlMappingNode>().ToDictionary(i => i.Str("path")!, i => i.Str("key")!);
        Assert.Equal(["runtime/web/1.0.yaml", "scheduler/v1/main.lua", "templates/web/main.hbs"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("port: 8080\n", data.Str(items["runtime/web/1.0.yaml"]));
        Assert.Equal("{{port}}", data.Str(items["templates/web/main.hbs"]));
        Assert.Equal(3, data.Children.Count);
        Assert.All(items.Values, key => Assert.Matches("^[-._a-zA-Z0-9]+$", key));
    }

    [Fact]
    public async Task Render_SecretsSet_MountKeyAndTokenAndPassTheirFiles()
    {
        var render = (await ChartRender.VerwalterAsync("--set", "clusterKeySecret.name=verwalter-key,apiTokenSecret.name=verwalter-token,apiTokenSecret.key=token")).Ok();

        Assert.Contains("--cluster-key-file=/run/secrets/verwalter/cluster-key/cluster-key", render.DaemonArgs);
        Assert.Contains("--api-token-file=/run/secrets/verwalter/api-token/token", render.DaemonArgs);
        var key = render.Volume("cluster-key").Map("secret");
        Assert.Equal("verwalter-key", key.Str("secretName"));
        Assert.Equal("0400", key.Str("defaultMode"));
        Assert.Equal("token", Assert.IsType<YamlMappingNode>(Assert.Single(render.Volume("api-token").Map("secret").Seq("items"))).Str("key"));
        Assert.Contains(ChartRender.Mounts(render.Container("daemon")), m => m.Str("mountPath") == "/run/secrets/verwalter/api-token" && m.Str("readOnly") == "true");
    }

    [Fact]
    public async Task Render_NoSecrets_NoKeyOrTokenArgumentsAndNotesWarn()
    {
        var render = (await ChartRender.VerwalterAsync()).Ok();
        var notes = await ChartRender.VerwalterAsync("--show-notes");

        Assert.DoesNotContain(render.DaemonArgs, a => a.StartsWith("--cluster-key-file", StringComparison.Ordinal) || a.StartsWith("--api-token-file", StringComparison.Ordinal));
        Assert.DoesNotContain(render.PodSpec.Seq("volumes").Cast<YamlMappingNode>(), v => v.Str("name") is "cluster-key" or "api-token");
        Assert.Equal(0, notes.Run.ExitCode);
        Assert.Contains("WARNING: no clusterKeySecret", notes.Run.Stdout, StringComparison.Ordinal);
        Assert.Contains("daemonset/release-name-verwalter", notes.Run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_JoinSeedsFromValuesFile_BecomeJoinArgumentsInOrder()
    {
        var file = Path.Combine(_temp.FullName, "join.yaml");
        File.WriteAllText(file, "join: [10.0.0.1:8379, 'node-b.example:8379']\njoinHeadlessService: false\ndaemon: {port: 9000, allowMinorityCluster: true}\n");
        var render = (await ChartRender.VerwalterAsync("-f", file)).Ok();

        Assert.Equal(["--join=10.0.0.1:8379", "--join=node-b.example:8379"], render.DaemonArgs.Where(a => a.StartsWith("--join", StringComparison.Ordinal)));
        Assert.Contains("--port=9000", render.DaemonArgs);
        Assert.Contains("--allow-minority-cluster", render.DaemonArgs);
        Assert.Equal("9000", render.Single("Service").Map("spec").Seq("ports").Cast<YamlMappingNode>().First().Str("port"));
    }

    [Fact]
    public async Task Render_SupervisorSeparate_PrivilegedSidecarAndUnprivilegedDaemon()
    {
        var render = (await ChartRender.VerwalterAsync()).Ok();

        Assert.Equal("true", render.PodSpec.Str("shareProcessNamespace"));
        var supervisor = render.Container("supervisor");
        Assert.Equal(["supervisor", "--config", "/etc/lithos/master.yaml"], supervisor.Seq("args").Select(a => ((YamlScalarNode)a).Value));
        Assert.Equal("true", supervisor.Map("securityContext").Str("privileged"));
        var daemon = render.Container("daemon").Map("securityContext");
        Assert.False(daemon.Has("privileged"));
        Assert.Equal("false", daemon.Str("allowPrivilegeEscalation"));
        Assert.Equal("true", daemon.Str("readOnlyRootFilesystem"));
        Assert.Equal(["ALL"], daemon.Map("capabilities").Seq("drop").Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("RuntimeDefault", daemon.Map("seccompProfile").Str("type"));
    }

    [Fact]
    public async Task Render_SupervisorEmbedded_OneContainerThatRunsPrivileged()
    {
        var render = (await ChartRender.VerwalterAsync("--set", "supervisor.mode=embedded")).Ok();

        Assert.Equal(["daemon"], render.PodSpec.Seq("containers").Cast<YamlMappingNode>().Select(c => c.Str("name")));
        Assert.Contains("--supervisor=embedded", render.DaemonArgs);
        Assert.Equal("true", render.Container("daemon").Map("securityContext").Str("privileged"));
        Assert.False(render.PodSpec.Has("shareProcessNamespace"));
    }

    [Fact]
    public async Task Render_SupervisorNone_NoSupervisorContainerOrFolders()
    {
        var render = (await ChartRender.VerwalterAsync("--set", "supervisor.mode=none")).Ok();

        Assert.Single(render.PodSpec.Seq("containers"));
        Assert.DoesNotContain(render.PodSpec.Seq("volumes").Cast<YamlMappingNode>(), v => v.Str("name")!.StartsWith("lithos", StringComparison.Ordinal));
        Assert.Contains("--supervisor=separate", render.DaemonArgs);
    }

    [Fact]
    public async Task Render_MetricsModes_AnnotationsOrServiceMonitor()
    {
        var annotations = (await ChartRender.VerwalterAsync()).Ok();
        var monitor = (await ChartRender.VerwalterAsync("--set", "metrics.mode=serviceMonitor,metrics.serviceMonitor.interval=15s")).Ok();

        var podAnnotations = annotations.DaemonSet.Map("spec").Map("template").Map("metadata").Map("annotations");
        Assert.Equal("true", podAnnotations.Str("prometheus.io/scrape"));
        Assert.Equal("8379", podAnnotations.Str("prometheus.io/port"));
        Assert.Empty(annotations.OfKind("ServiceMonitor"));
        var endpoint = Assert.IsType<YamlMappingNode>(Assert.Single(monitor.Single("ServiceMonitor").Map("spec").Seq("endpoints")));
        Assert.Equal("/metrics", endpoint.Str("path"));
        Assert.Equal("15s", endpoint.Str("interval"));
        Assert.False(monitor.DaemonSet.Map("spec").Map("template").Map("metadata").Map("annotations").Has("prometheus.io/scrape"));
    }

    [Fact]
    public async Task Render_MonitoringObjects_CarryTheRulesFileAndTheDashboard()
    {
        var render = (await ChartRender.VerwalterAsync("--set", "metrics.prometheusRule.enabled=true,metrics.dashboard.enabled=true")).Ok();

        var groups = render.Single("PrometheusRule").Map("spec").Seq("groups").Cast<YamlMappingNode>().ToList();
        var rulesFile = new YamlStream();
        rulesFile.Load(new StringReader(File.ReadAllText(Path.Combine(ChartRender.VerwalterChart, "rules", "verwalter-rules.yaml"))));
        var expected = ((YamlMappingNode)rulesFile.Documents[0].RootNode).Seq("groups").Cast<YamlMappingNode>().ToList();
        Assert.Equal(expected.Select(g => g.Str("name")), groups.Select(g => g.Str("name")));
        Assert.Equal(expected.Sum(g => g.Seq("rules").Children.Count), groups.Sum(g => g.Seq("rules").Children.Count));
        var dashboard = render.OfKind("ConfigMap").Single(c => c.Map("metadata").Str("name") == "release-name-verwalter-dashboard");
        Assert.Equal("1", dashboard.Map("metadata").Map("labels").Str("grafana_dashboard"));
        Assert.Equal(File.ReadAllText(Path.Combine(ChartRender.VerwalterChart, "dashboards", "verwalter.json")), dashboard.Map("data").Str("verwalter.json"));
    }

    [Fact]
    public async Task Render_ReleaseNamespaceAndImage_ReachEveryObject()
    {
        var render = (await ChartRender.VerwalterAsync("--name", "edge", "--namespace", "infra", "--set", "image.repository=registry.local/verwalter,image.tag=1.2.3", "--set-string", "podLabels.tier=007")).Ok();

        Assert.All(render.Documents, d => Assert.Equal("infra", d.Map("metadata").Str("namespace")));
        Assert.Equal("edge-verwalter", render.DaemonSet.Map("metadata").Str("name"));
        Assert.Equal("registry.local/verwalter:1.2.3", render.Container("daemon").Str("image"));
        Assert.Equal("registry.local/verwalter:1.2.3", render.Container("supervisor").Str("image"));
        Assert.Contains("--join=edge-verwalter-peers.infra.svc:8379", render.DaemonArgs);
        Assert.Equal("007", render.DaemonSet.Map("spec").Map("template").Map("metadata").Map("labels").Str("tier"));
    }

    [Fact]
    public async Task Render_PodDisruptionBudgetAndHeadlessService_SelectTheDaemonSetPods()
    {
        var render = (await ChartRender.VerwalterAsync("--set", "podDisruptionBudget.maxUnavailable=2")).Ok();

        var selector = render.DaemonSet.Map("spec").Map("selector").Map("matchLabels");
        var pdb = render.Single("PodDisruptionBudget").Map("spec");
        Assert.Equal("2", pdb.Str("maxUnavailable"));
        Assert.Equal(selector.ToString(), pdb.Map("selector").Map("matchLabels").ToString());
        var service = render.Single("Service").Map("spec");
        Assert.Equal("None", service.Str("clusterIP"));
        Assert.Equal("true", service.Str("publishNotReadyAddresses"));
        Assert.Equal(selector.ToString(), service.Map("selector").ToString());
        Assert.Empty((await ChartRender.VerwalterAsync("--set", "podDisruptionBudget.enabled=false")).Ok().OfKind("PodDisruptionBudget"));
    }

    [Theory]
    [InlineData("config.source=hostPath", "verwalter/templates/_helpers.tpl", "config.hostPath is required when config.source is hostPath")]
    [InlineData("config.source=volume", "verwalter/templates/_helpers.tpl", "config.volume (a volume source, e.g. persistentVolumeClaim) is required when config.source is volume")]
    [InlineData("config.source=nfs", "verwalter/templates/_helpers.tpl", "config.source must be configMap, hostPath or volume, got \"nfs\"")]
    [InlineData("config.files=null", "verwalter/templates/_helpers.tpl", "config.files must list at least one file when config.source is configMap")]
    [InlineData("image.repository=", "verwalter/templates/_helpers.tpl", "image.repository is required")]
    [InlineData("supervisor.mode=sidecar", "verwalter/templates/daemonset.yaml", "supervisor.mode must be separate, embedded or none, got \"sidecar\"")]
    [InlineData("metrics.mode=scrape", "verwalter/templates/servicemonitor.yaml", "metrics.mode must be annotations, serviceMonitor or none, got \"scrape\"")]
    public async Task Render_RequiredValueMissingOrWrong_FailsNamingTheValue(string set, string file, string message)
    {
        var render = await ChartRender.VerwalterAsync("--set", set);

        Assert.Equal(1, render.Run.ExitCode);
        Assert.Empty(render.Run.Stdout);
        Assert.StartsWith($"Error: execution error at ({file}:", render.Run.Stderr, StringComparison.Ordinal);
        Assert.Contains("): " + message, render.Run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ExistingConfigMap_NoChartConfigMapAndItemsPlaceItsKeys()
    {
        var render = (await ChartRender.VerwalterAsync("--set", "config.existingConfigMap=site-config,config.existingConfigMapItems[0].key=main,config.existingConfigMapItems[0].path=scheduler/v1/main.lua")).Ok();

        Assert.Empty(render.OfKind("ConfigMap"));
        var configMap = render.Volume("config").Map("configMap");
        Assert.Equal("site-config", configMap.Str("name"));
        var item = Assert.IsType<YamlMappingNode>(Assert.Single(configMap.Seq("items")));
        Assert.Equal("main", item.Str("key"));
        Assert.Equal("scheduler/v1/main.lua", item.Str("path"));
    }

    [Fact]
    public async Task Render_ConfigFromHostPathOrVolume_UsesTheGivenSource()
    {
        var hostPath = (await ChartRender.VerwalterAsync("--set", "config.source=hostPath,config.hostPath=/srv/verwalter")).Ok();
        var volume = (await ChartRender.VerwalterAsync("--set", "config.source=volume,config.volume.persistentVolumeClaim.claimName=verwalter-config")).Ok();

        Assert.Equal("/srv/verwalter", hostPath.Volume("config").Map("hostPath").Str("path"));
        Assert.Empty(hostPath.OfKind("ConfigMap"));
        Assert.Equal("verwalter-config", volume.Volume("config").Map("persistentVolumeClaim").Str("claimName"));
    }
}

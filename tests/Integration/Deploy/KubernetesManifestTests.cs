using GatoLink.Silo.Cluster;
using Orleans.Hosting.Kubernetes;
using YamlDotNet.RepresentationModel;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// deploy/k8s checked as far as a machine without a Kubernetes API can: every file parses as YAML and every object has
/// what the API requires, the StatefulSet wires what Orleans' Kubernetes hosting reads (its own constants, not copies),
/// the probes and the drain fit together, and the selectors of the Service and the PodDisruptionBudget pick the pods.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Directory = Path.Combine(LocalClusterScript.RepositoryRoot(AppContext.BaseDirectory), "deploy", "k8s");

    [Fact]
    public void EveryManifestParsesAndEveryObjectHasApiVersionKindAndName()
    {
        var objects = Objects();
        Assert.NotEmpty(objects);
        foreach (var (file, node) in objects)
        {
            Assert.False(string.IsNullOrWhiteSpace(Scalar(node, "apiVersion")), $"{file}: no apiVersion");
            Assert.False(string.IsNullOrWhiteSpace(Scalar(node, "kind")), $"{file}: no kind");
            if (Scalar(node, "kind") != "Kustomization")
            {
                Assert.False(string.IsNullOrWhiteSpace(Scalar(node, "metadata", "name")), $"{file}: no metadata.name");
            }
        }

        var kinds = objects.Select(o => Scalar(o.Node, "kind")).ToHashSet();
        foreach (var kind in new[] { "Namespace", "ServiceAccount", "Role", "RoleBinding", "ConfigMap", "Secret", "StatefulSet", "PodDisruptionBudget", "Service" })
        {
            Assert.Contains(kind, kinds);
        }

        // kubectl apply -k applies every file.
        var listed = Sequence(Single("Kustomization"), "resources").Select(n => ((YamlScalarNode)n).Value).ToHashSet();
        var files = System.IO.Directory.GetFiles(Directory, "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");
        Assert.All(files, f => Assert.Contains(f, listed));
    }

    [Fact]
    public void TheStatefulSetGivesOrleansKubernetesHostingThePodIdentityItReadsAndTheLabelsItSelectsBy()
    {
        var pod = Map(Single("StatefulSet"), "spec", "template");
        var labels = Map(pod, "metadata", "labels");
        Assert.Equal("gatolink", Scalar(labels, KubernetesHostingOptions.ServiceIdLabel));
        Assert.Equal("gatolink", Scalar(labels, KubernetesHostingOptions.ClusterIdLabel));

        var env = Sequence(Container(), "env").Cast<YamlMappingNode>().ToDictionary(e => Scalar(e, "name")!);
        Assert.Equal("metadata.name", Scalar(env[KubernetesHostingOptions.PodNameEnvironmentVariable], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("metadata.namespace", Scalar(env[KubernetesHostingOptions.PodNamespaceEnvironmentVariable], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("status.podIP", Scalar(env[KubernetesHostingOptions.PodIPEnvironmentVariable], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ServiceIdLabel}']", Scalar(env[KubernetesHostingOptions.ServiceIdEnvironmentVariable], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", Scalar(env[KubernetesHostingOptions.ClusterIdEnvironmentVariable], "valueFrom", "fieldRef", "fieldPath"));
        // GatoLink's own ids and address are the same values.
        Assert.Equal($"metadata.labels['{KubernetesHostingOptions.ClusterIdLabel}']", Scalar(env["GatoLink__Orleans__ClusterId"], "valueFrom", "fieldRef", "fieldPath"));
        Assert.Equal("status.podIP", Scalar(env["GatoLink__Orleans__AdvertisedIp"], "valueFrom", "fieldRef", "fieldPath"));

        // The silo turns the hosting on (the ConfigMap says so; KUBERNETES_SERVICE_HOST would too).
        Assert.Equal("true", Scalar(Map(Single("ConfigMap"), "data"), "GatoLink__Orleans__Kubernetes"));
        Assert.True(new OrleansOptions { Kubernetes = true }.UsesKubernetesHosting(null));
        Assert.True(new OrleansOptions().UsesKubernetesHosting("10.0.0.1"));
        Assert.False(new OrleansOptions().UsesKubernetesHosting(null));
        Assert.False(new OrleansOptions { Kubernetes = false }.UsesKubernetesHosting("10.0.0.1"));
    }

    [Fact]
    public void TheServiceAccountMayWatchAndDeleteTheSiloPods()
    {
        var account = Scalar(Single("ServiceAccount"), "metadata", "name");
        Assert.Equal(account, Scalar(Single("StatefulSet"), "spec", "template", "spec", "serviceAccountName"));
        var rule = Sequence(Single("Role"), "rules").Cast<YamlMappingNode>().Single(r => Sequence(r, "resources").Any(n => n.ToString() == "pods"));
        var verbs = Sequence(rule, "verbs").Select(n => n.ToString()).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "patch", "delete" }, verbs);
        var binding = Single("RoleBinding");
        Assert.Equal(Scalar(Single("Role"), "metadata", "name"), Scalar(binding, "roleRef", "name"));
        Assert.Contains(Sequence(binding, "subjects").Cast<YamlMappingNode>(), s => Scalar(s, "kind") == "ServiceAccount" && Scalar(s, "name") == account);
    }

    [Fact]
    public void ProbesAndTheGracePeriodFollowTheDrain()
    {
        var container = Container();
        Assert.Equal("/readyz", Scalar(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/healthz", Scalar(container, "livenessProbe", "httpGet", "path"));
        Assert.NotNull(Map(container, "lifecycle", "preStop"));

        var data = Map(Single("ConfigMap"), "data");
        var drain = TimeSpan.Parse(Scalar(data, "GatoLink__Drain__Timeout")!, System.Globalization.CultureInfo.InvariantCulture);
        var delay = TimeSpan.Parse(Scalar(data, "GatoLink__Drain__ReadinessDelay")!, System.Globalization.CultureInfo.InvariantCulture);
        var grace = int.Parse(Scalar(Single("StatefulSet"), "spec", "template", "spec", "terminationGracePeriodSeconds")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(grace > (drain + delay).TotalSeconds + 20, $"terminationGracePeriodSeconds {grace} leaves no time after a {drain.TotalSeconds} s drain");
    }

    [Fact]
    public void TheServiceAndTheDisruptionBudgetSelectTheSiloPods()
    {
        var labels = Map(Single("StatefulSet"), "spec", "template", "metadata", "labels");
        var setSelector = Map(Single("StatefulSet"), "spec", "selector", "matchLabels");
        foreach (var selector in new[] { setSelector, Map(Single("PodDisruptionBudget"), "spec", "selector", "matchLabels"), Map(Service("gatolink"), "spec", "selector"), Map(Service("gatolink-silo"), "spec", "selector") })
        {
            Assert.NotEmpty(selector.Children);
            foreach (var (key, value) in selector.Children)
            {
                Assert.Equal(value.ToString(), Scalar(labels, key.ToString()));
            }
        }
    }

    private static IReadOnlyList<(string File, YamlMappingNode Node)> Objects()
    {
        var objects = new List<(string, YamlMappingNode)>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(file))
            {
                stream.Load(reader);
            }

            objects.AddRange(stream.Documents.Select(d => (Path.GetFileName(file), (YamlMappingNode)d.RootNode)));
        }

        return objects;
    }

    [Fact]
    public void EverySiloKeepsAVolumeOfItsOwnForTheSpoolWhereTheDataDirectoryIs()
    {
        var set = Single("StatefulSet");
        var claim = Sequence(set, "spec", "volumeClaimTemplates").Cast<YamlMappingNode>().Single();
        Assert.Equal("data", Scalar(claim, "metadata", "name"));
        Assert.False(string.IsNullOrWhiteSpace(Scalar(claim, "spec", "resources", "requests", "storage")));
        var mount = Sequence(Container(), "volumeMounts").Cast<YamlMappingNode>().Single(m => Scalar(m, "name") == "data");
        Assert.Equal(Scalar(Map(Single("ConfigMap"), "data"), "GatoLink__DataDirectory"), Scalar(mount, "mountPath"));
        Assert.Null(Node(set, "spec", "template", "spec", "volumes"));

        // A lost or scaled-down silo's claim stays, for the same ordinal to drain; the pods' names come from a headless Service.
        Assert.Equal("Retain", Scalar(set, "spec", "persistentVolumeClaimRetentionPolicy", "whenScaled"));
        Assert.Equal("None", Scalar(Service(Scalar(set, "spec", "serviceName")!), "spec", "clusterIP"));
    }

    private static YamlMappingNode Service(string name) =>
        Objects().Single(o => Scalar(o.Node, "kind") == "Service" && Scalar(o.Node, "metadata", "name") == name).Node;

    private static YamlMappingNode Single(string kind) => Objects().Single(o => Scalar(o.Node, "kind") == kind).Node;

    private static YamlMappingNode Container() =>
        (YamlMappingNode)Sequence(Single("StatefulSet"), "spec", "template", "spec", "containers").Single();

    private static YamlNode? Node(YamlNode node, params string[] path)
    {
        foreach (var step in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(step), out var next))
            {
                return null;
            }

            node = next;
        }

        return node;
    }

    private static string? Scalar(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;

    private static YamlMappingNode Map(YamlNode node, params string[] path) =>
        Node(node, path) as YamlMappingNode ?? throw new InvalidOperationException($"no mapping at {string.Join('.', path)}");

    private static IEnumerable<YamlNode> Sequence(YamlNode node, params string[] path) =>
        Node(node, path) as YamlSequenceNode ?? throw new InvalidOperationException($"no sequence at {string.Join('.', path)}");
}

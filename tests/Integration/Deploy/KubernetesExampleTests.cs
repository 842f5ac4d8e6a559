using GatoLink.Grains.Telemetry;
using YamlDotNet.RepresentationModel;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// deploy/k8s/examples (not applied by the kustomization: they need KEDA, GPUs, a backup volume): each parses, and each
/// points at what GatoLink really exports and runs.
/// </summary>
public sealed class KubernetesExampleTests
{
    private static readonly string Directory = Path.Combine(LocalClusterScript.RepositoryRoot(AppContext.BaseDirectory), "deploy", "k8s", "examples");

    [Fact]
    public void The_KEDA_example_scales_the_vLLM_StatefulSet_on_the_desired_nodes_gauge_one_replica_per_unit()
    {
        var objects = Load("keda-vllm-scaledobject.yaml");
        var scaled = objects.Single(o => Scalar(o, "kind") == "ScaledObject");
        var target = Scalar(scaled, "spec", "scaleTargetRef", "name");
        Assert.Equal("StatefulSet", Scalar(scaled, "spec", "scaleTargetRef", "kind"));
        Assert.Contains(objects, o => Scalar(o, "kind") == "StatefulSet" && Scalar(o, "metadata", "name") == target);

        var trigger = (YamlMappingNode)((YamlSequenceNode)Node(scaled, "spec", "triggers")!).Children.Single();
        Assert.Equal("prometheus", Scalar(trigger, "type"));
        Assert.Equal("AverageValue", Scalar(trigger, "metricType"));
        Assert.Equal("1", Scalar(trigger, "metadata", "threshold"));
        var exported = "gatolink_" + MetricNames.ModelDesiredNodes.Replace('.', '_');
        Assert.Contains($"max({exported}{{model=", Scalar(trigger, "metadata", "query"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_backup_CronJob_dumps_in_custom_format_without_the_membership_rows_and_keeps_a_retention()
    {
        var objects = Load("backup-cronjob.yaml");
        var job = objects.Single(o => Scalar(o, "kind") == "CronJob");
        Assert.False(string.IsNullOrWhiteSpace(Scalar(job, "spec", "schedule")));
        var container = (YamlMappingNode)((YamlSequenceNode)Node(job, "spec", "jobTemplate", "spec", "template", "spec", "containers")!).Children.Single();
        var script = string.Join('\n', ((YamlSequenceNode)Node(container, "args")!).Children.Select(c => ((YamlScalarNode)c).Value));
        Assert.Contains("pg_dump -Fc --exclude-table-data=orleansmembershiptable", script, StringComparison.Ordinal);
        Assert.Contains("-mtime +\"$RETENTION_DAYS\"", script, StringComparison.Ordinal);
        var claim = Scalar((YamlMappingNode)((YamlSequenceNode)Node(job, "spec", "jobTemplate", "spec", "template", "spec", "volumes")!).Children.Single(), "persistentVolumeClaim", "claimName");
        Assert.Contains(objects, o => Scalar(o, "kind") == "PersistentVolumeClaim" && Scalar(o, "metadata", "name") == claim);

        // The same exclusion as the local script's backup.
        var local = File.ReadAllText(Path.Combine(LocalClusterScript.RepositoryRoot(AppContext.BaseDirectory), "deploy", "local", "cluster.sh"));
        Assert.Contains("--exclude-table-data=orleansmembershiptable", local, StringComparison.Ordinal);
    }

    internal static IReadOnlyList<YamlMappingNode> Load(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(Directory, file)))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode).ToList();
    }

    internal static YamlNode? Node(YamlNode node, params string[] path)
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

    internal static string? Scalar(YamlNode node, params string[] path) => (Node(node, path) as YamlScalarNode)?.Value;
}

using System.ComponentModel.DataAnnotations;

namespace GatoLink.Silo.Cluster;

/// <summary>The silo's place in the Orleans cluster (section <c>GatoLink:Orleans</c>).</summary>
public sealed class OrleansOptions
{
    /// <summary>The section name.</summary>
    public const string Section = "GatoLink:Orleans";

    /// <summary>Silos with the same cluster id and storage form one cluster.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ClusterId { get; set; } = "gatolink";

    /// <summary>Stable across deployments of one service: grain state and reminders are keyed by it.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string ServiceId { get; set; } = "gatolink";

    /// <summary>Silo-to-silo port; 0 picks a free port. Unset: 11111 in a cluster, a free port when embedded.</summary>
    [Range(0, 65535)]
    public int? SiloPort { get; set; }

    /// <summary>Orleans client gateway port; 0 picks a free port. Unset: 30000 in a cluster, a free port when embedded.</summary>
    [Range(0, 65535)]
    public int? GatewayPort { get; set; }

    /// <summary>The silo's name in the membership table (dashboards, logs); unset: Orleans' generated name, or the pod name under Kubernetes hosting.</summary>
    [RegularExpression("^[A-Za-z0-9._-]{1,100}$")]
    public string? SiloName { get; set; }

    /// <summary>The address other silos reach this one at; unset: 127.0.0.1.</summary>
    public string? AdvertisedIp { get; set; }

    /// <summary>
    /// How long a silo may miss probes before the others vote it dead. With the defaults (1 s probe timeout, 3 misses)
    /// a killed silo is declared dead in about five seconds; Orleans' own defaults take twelve or more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long an idle grain (a key nobody used, a tenant, a model queue) stays in memory.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Whether the silo runs as a Kubernetes pod and uses Orleans' Kubernetes hosting (pod name as silo name, pod IP
    /// advertised, the silos of deleted pods declared dead, pods of dead silos deleted). Null: when the environment has
    /// <c>KUBERNETES_SERVICE_HOST</c>, which Kubernetes sets in every container. Only a cluster (PostgreSQL) uses it.
    /// </summary>
    public bool? Kubernetes { get; set; }

    /// <summary>Missed probes before a silo suspects another.</summary>
    [Range(1, 10)]
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Whether to use Orleans' Kubernetes hosting, given the value of <c>KUBERNETES_SERVICE_HOST</c>.</summary>
    public bool UsesKubernetesHosting(string? kubernetesServiceHost) => Kubernetes ?? !string.IsNullOrEmpty(kubernetesServiceHost);
}

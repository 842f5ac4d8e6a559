using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Scaling;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET /admin/cluster</c> (system admin): the silos Orleans knows (status, address, start time, activations) and
/// each model's queue, wait p95 and scaling recommendation — the portal's Cluster page.
/// </summary>
public static class ClusterEndpoints
{
    private static readonly TimeSpan StatisticsTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps the route on the admin group.</summary>
    public static RouteGroupBuilder MapClusterEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/cluster", GetAsync).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static async Task<Results<Ok<ClusterView>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        HttpContext context, IGrainFactory grains, ModelScalingMonitor scaling, TimeProvider time)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        try
        {
            var hosts = await management.GetDetailedHosts(onlyActive: false).WaitAsync(StatisticsTimeout, time, context.RequestAborted);
            var active = hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress).ToArray();
            var statistics = active.Length == 0 ? [] : await management.GetRuntimeStatistics(active).WaitAsync(StatisticsTimeout, time, context.RequestAborted);
            var activations = active.Zip(statistics).ToDictionary(p => p.First, p => p.Second.ActivationCount);
            var silos = hosts
                .Where(h => h.Status != SiloStatus.Dead || time.GetUtcNow() - h.IAmAliveTime < TimeSpan.FromHours(1))
                .OrderBy(h => h.StartTime)
                .Select(h => new SiloView(h.SiloName, h.SiloAddress.ToParsableString(), h.Status.ToString().ToLowerInvariant(), h.StartTime, activations.TryGetValue(h.SiloAddress, out var n) ? n : null))
                .ToList();
            var models = scaling.All.OrderBy(s => s.Model, StringComparer.Ordinal).Select(ScalingView.From).ToList();
            return TypedResults.Ok(new ClusterView(silos, models));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return AdminResults.Error(new GatoError(ErrorKind.ServiceUnavailable, "The cluster's membership cannot be read right now; try again shortly.", "cluster_unavailable", RetryAfterSeconds: 2));
        }
    }
}

/// <summary>The cluster: its silos and its models' queues and scaling.</summary>
public sealed record ClusterView(IReadOnlyList<SiloView> Silos, IReadOnlyList<ScalingView> Models);

/// <summary>One silo as the membership table has it; activations only for an active silo that answered.</summary>
public sealed record SiloView(string Name, string Address, string Status, DateTimeOffset StartedAt, int? Activations);

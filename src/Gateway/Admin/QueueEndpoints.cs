using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET /admin/models/{name}/queue</c> (system admin): the model's cluster-wide wait queue by tenant — requests
/// waiting by class, the oldest wait, the waiting GPU work, the weight and the share of the served work — read from the
/// one grain that holds the queue.
/// </summary>
public static class QueueEndpoints
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Maps the route on the admin group.</summary>
    public static RouteGroupBuilder MapQueueEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/models/{name}/queue", GetAsync).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static async Task<Results<Ok<QueueView>, JsonHttpResult<ErrorEnvelope>>> GetAsync(
        string name, ModelDirectory models, TenantDirectory tenants, IGrainFactory grains, HttpContext context)
    {
        var route = models.Resolve(name);
        if (route is null)
        {
            return AdminResults.NotFound("Model");
        }

        var queue = grains.GetGrain<IModelGrain>(route.Name);
        QueueStats stats;
        TenantQueue[] byTenant;
        try
        {
            stats = await queue.Stats().WaitAsync(ReadTimeout, context.RequestAborted);
            byTenant = await queue.ByTenant().WaitAsync(ReadTimeout, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return TypedResults.Json(
                OpenAiErrors.Envelope(new GatoError(ErrorKind.NoCapacity, "The queue could not be read right now; retry shortly.", "queue_unavailable", RetryAfterSeconds: 1)),
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var views = byTenant.Select(t => TenantQueueView.From(t, tenants.Get(t.TenantId)?.Record.Name)).ToList();
        return TypedResults.Ok(new QueueView(route.Name, stats.Length, stats.WaitP95Seconds, views));
    }
}

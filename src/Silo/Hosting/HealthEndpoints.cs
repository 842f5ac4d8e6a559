using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Bootstrap;
using Microsoft.AspNetCore.Http.HttpResults;
using GatoLink.PerSilo.Models;

namespace GatoLink.Silo.Hosting;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (it can serve; 503 "draining" once it stops).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both probes.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthReport("alive", [])));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> ReadyAsync(IStorageProvider storage, BootstrapService bootstrap, ModelDirectory models, DrainState drain, CancellationToken ct)
    {
        if (drain.IsDraining)
        {
            return TypedResults.Json(new HealthReport("draining", [new("drain", false, "the silo is stopping")]), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var storageOk = await storage.PingAsync(ct);
        var migrated = bootstrap.Report is not null;
        var servable = models.All.Where(m => m.Place(new PerSilo.Placement.PlacementRequest(m.Name, 0, 0, default), null) is not null).Select(m => m.Name).ToList();
        var checks = new List<HealthCheck>
        {
            new("storage", storageOk, storage.Kind.ToString()),
            new("migrations", migrated, migrated ? "applied" : "pending"),
            new("nodes", servable.Count > 0, servable.Count > 0 ? $"healthy node for: {string.Join(", ", servable)}" : "no model has a healthy node"),
        };
        // Storage is reported, not required once migrated: keys, limits and nodes are served from memory and usage is
        // spooled, so a database outage must not take every silo out of the balancer at once.
        var ready = checks.TrueForAll(c => c.Ok || c.Name == "storage");
        var report = new HealthReport(!ready ? "not_ready" : storageOk ? "ready" : "degraded", checks);
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>A probe's answer.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<HealthCheck> Checks);

/// <summary>One check of a probe.</summary>
public sealed record HealthCheck(string Name, bool Ok, string Detail);

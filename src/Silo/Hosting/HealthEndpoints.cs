using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Models;
using GatoLink.Silo.Bootstrap;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GatoLink.Silo.Hosting;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (it can serve).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps both probes.</summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => TypedResults.Ok(new HealthReport("alive", [])));
        app.MapGet("/readyz", ReadyAsync);
        return app;
    }

    private static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> ReadyAsync(IStorageProvider storage, BootstrapService bootstrap, ModelDirectory models, CancellationToken ct)
    {
        var storageOk = await storage.PingAsync(ct);
        var migrated = bootstrap.Report is not null;
        var servable = models.All.Where(m => m.Place(new Grains.Placement.PlacementRequest(m.Name, 0, 0, default), null) is not null).Select(m => m.Name).ToList();
        var checks = new List<HealthCheck>
        {
            new("storage", storageOk, storage.Kind.ToString()),
            new("migrations", migrated, migrated ? "applied" : "pending"),
            new("nodes", servable.Count > 0, servable.Count > 0 ? $"healthy node for: {string.Join(", ", servable)}" : "no model has a healthy node"),
        };
        var ready = checks.TrueForAll(c => c.Ok);
        var report = new HealthReport(ready ? "ready" : "not_ready", checks);
        return ready ? TypedResults.Ok(report) : TypedResults.Json(report, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

/// <summary>A probe's answer.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<HealthCheck> Checks);

/// <summary>One check of a probe.</summary>
public sealed record HealthCheck(string Name, bool Ok, string Detail);

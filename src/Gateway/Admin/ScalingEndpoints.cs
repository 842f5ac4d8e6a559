using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Scaling;
using GatoLink.PerSilo.Models;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET /admin/models/{name}/scaling</c> and <c>GET /admin/scaling</c> (system admin): how many nodes each model has,
/// how many it should have, and why — the figures behind the <c>gatolink_model_desired_nodes</c> gauge.
/// </summary>
public static class ScalingEndpoints
{
    /// <summary>Maps the routes on the admin group.</summary>
    public static RouteGroupBuilder MapScalingEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/models/{name}/scaling", GetOne).RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapGet("/scaling", GetAll).RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static Results<Ok<ScalingView>, JsonHttpResult<ErrorEnvelope>> GetOne(string name, ModelDirectory models, ModelScalingMonitor monitor)
    {
        var route = models.Resolve(name);
        if (route is null)
        {
            return AdminResults.NotFound("Model");
        }

        return monitor.Get(route.Name) is { } scaling
            ? TypedResults.Ok(ScalingView.From(scaling))
            : AdminResults.Error(new(Grains.Abstractions.Errors.ErrorKind.ServiceUnavailable, "The model's first scaling reading is not taken yet; ask again shortly.", "not_ready", RetryAfterSeconds: 1));
    }

    private static Ok<List<ScalingView>> GetAll(ModelScalingMonitor monitor) =>
        TypedResults.Ok(monitor.All.OrderBy(s => s.Model, StringComparer.Ordinal).Select(ScalingView.From).ToList());
}

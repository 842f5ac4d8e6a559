using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.PerSilo.Control;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET/PUT /admin/models/{name}/overflow</c> (system admin): when a model's requests may leave the own pool, and for
/// which external providers, in order. Each link of the chain must be a registered external node that serves the model.
/// </summary>
public static class OverflowEndpoints
{
    /// <summary>Maps the routes on the admin group.</summary>
    public static RouteGroupBuilder MapOverflowEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapGet("/models/{name}/overflow", Get).RequireAdmin(AdminAccess.SystemAdmin);
        admin.MapPut("/models/{name}/overflow", SetAsync).Accepts<OverflowRequest>("application/json").RequireAdmin(AdminAccess.SystemAdmin);
        return admin;
    }

    private static Results<Ok<OverflowView>, JsonHttpResult<ErrorEnvelope>> Get(string name, ModelDirectory models) =>
        models.Resolve(name) is { } model ? TypedResults.Ok(OverflowView.From(model.Record)) : AdminResults.NotFound("Model");

    private static async Task<Results<Ok<OverflowView>, JsonHttpResult<ErrorEnvelope>>> SetAsync(
        HttpContext context, string name, AdminBody<OverflowRequest> body, ModelDirectory models, NodeDirectory nodes, ControlPlane control, AdminAudit audit)
    {
        if (models.Resolve(name) is not { } model)
        {
            return AdminResults.NotFound("Model");
        }

        var request = body.Value;
        var chain = request.Chain;
        if (Link(chain, model.Name, nodes) is { } bad)
        {
            return AdminResults.Invalid(bad);
        }

        var before = OverflowView.From(model.Record);
        var record = model.Record with { Overflow = request.Overflow!.Value, Fallback = chain.Count == 0 ? null : chain };
        await control.UpsertModelAsync(record, context.RequestAborted);
        var after = OverflowView.From(record);
        await audit.SystemAsync(context, "model.overflow", $"model/{model.Name}", before, after);
        return TypedResults.Ok(after);
    }

    private static FieldError? Link(List<string> chain, string model, NodeDirectory nodes)
    {
        for (var i = 0; i < chain.Count; i++)
        {
            var field = $"fallback[{i}]";
            var error = nodes.Get(chain[i]) switch
            {
                null => $"'{field}': no node '{chain[i]}' is registered.",
                { Record.External: false } => $"'{field}': node '{chain[i]}' is not external (an own node is in the pool already).",
                var node when !node.Serves(model) => $"'{field}': node '{chain[i]}' does not serve '{model}'.",
                _ => null,
            };
            if (error is not null)
            {
                return new FieldError(field, error);
            }
        }

        return null;
    }
}

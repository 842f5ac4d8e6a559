using System.Text.Json;
using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Gateway.Proxy;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Nodes.Adapters;
using GatoLink.Grains.Placement;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Nodes;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary>The GPU node registry: register, inspect live state, change, drain, remove. System admins only.</summary>
public static class NodeEndpoints
{
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps /admin/nodes on the admin group.</summary>
    public static RouteGroupBuilder MapNodeAdminApi(this RouteGroupBuilder admin)
    {
        var nodes = admin.MapGroup("/nodes").RequireAdmin(AdminAccess.SystemAdmin);
        nodes.MapPost("", UpsertAsync).Accepts<NodeRequest>("application/json");
        nodes.MapGet("", List);
        nodes.MapGet("/{id}", Get);
        nodes.MapPatch("/{id}", PatchAsync).Accepts<NodePatchRequest>("application/json");
        nodes.MapDelete("/{id}", DeleteAsync);
        nodes.MapPost("/{id}/drain", (HttpContext c, string id, ControlPlane cp, NodeDirectory n, PlacementOptions p, AdminAudit a) => SetDrainingAsync(c, id, true, cp, n, p, a));
        nodes.MapPost("/{id}/undrain", (HttpContext c, string id, ControlPlane cp, NodeDirectory n, PlacementOptions p, AdminAudit a) => SetDrainingAsync(c, id, false, cp, n, p, a));
        return admin;
    }

    private static async Task<Results<Created<NodeStateView>, JsonHttpResult<ErrorEnvelope>>> UpsertAsync(
        HttpContext context, AdminBody<NodeRequest> body, ControlPlane control, NodeDirectory nodes, UpstreamClient upstream, PlacementOptions placement, AdminAudit audit, TimeProvider time,
        INodeCredentials credentials)
    {
        var request = body.Value;
        var baseUrl = BaseUrl(request.BaseUrl!);
        var id = request.GivenId ?? $"{baseUrl.Host}-{baseUrl.Port}";
        var engine = request.Engine ?? EngineKind.Vllm;
        var before = nodes.Get(id) is { } existing ? NodeStateView.From(existing, placement) : null;
        var record = new GpuNodeRecord(id, baseUrl, engine, Trimmed(request.Models), request.VramGb ?? 0, request.Labels ?? [], Draining: false, time.GetUtcNow(),
            Money.ToMicros(request.GpuHourPriceUsd), request.External ?? false, request.ApiKey is { } key ? credentials.Protect(key) : null,
            ProviderPriceBody.ToPrices(request.Prices), request.NativeApis is { Count: > 0 } apis ? [.. apis.Distinct()] : null);
        await control.UpsertNodeAsync(record, context.RequestAborted);
        var node = nodes.Get(id)!;
        if (record.Models.Count == 0)
        {
            await DiscoverAsync(node, upstream, credentials, context.RequestAborted);
        }

        var view = NodeStateView.From(node, placement);
        await audit.SystemAsync(context, "node.upsert", $"node/{id}", before, view);
        return TypedResults.Created($"/admin/nodes/{id}", view);
    }

    private static Ok<List<NodeStateView>> List(NodeDirectory nodes, PlacementOptions placement)
    {
        return TypedResults.Ok(nodes.All.Select(n => NodeStateView.From(n, placement)).ToList());
    }

    private static Results<Ok<NodeStateView>, JsonHttpResult<ErrorEnvelope>> Get(string id, NodeDirectory nodes, PlacementOptions placement)
    {
        return nodes.Get(id) is { } node ? TypedResults.Ok(NodeStateView.From(node, placement)) : AdminResults.NotFound("Node");
    }

    private static async Task<Results<Ok<NodeStateView>, JsonHttpResult<ErrorEnvelope>>> PatchAsync(
        HttpContext context, string id, AdminBody<NodePatchRequest> body, ControlPlane control, NodeDirectory nodes, UpstreamClient upstream, PlacementOptions placement, AdminAudit audit,
        INodeCredentials credentials)
    {
        if (nodes.Get(id) is not { } node)
        {
            return AdminResults.NotFound("Node");
        }

        var before = NodeStateView.From(node, placement);
        var patch = body.Value;
        var record = node.Record with
        {
            BaseUrl = patch.BaseUrl is { } url ? BaseUrl(url) : node.Record.BaseUrl,
            Engine = patch.Engine ?? node.Record.Engine,
            Models = patch.Models is null ? node.Record.Models : Trimmed(patch.Models),
            VramGb = patch.VramGb ?? node.Record.VramGb,
            Labels = patch.Labels ?? node.Record.Labels,
            GpuHourPriceMicros = patch.GpuHourPriceUsd switch { null => node.Record.GpuHourPriceMicros, 0m => null, var price => Money.ToMicros(price) },
            External = patch.External ?? node.Record.External,
            ProtectedCredential = patch.ApiKey switch { null => node.Record.ProtectedCredential, "" => null, var key => credentials.Protect(key) },
            Prices = patch.Prices is null ? node.Record.Prices : ProviderPriceBody.ToPrices(patch.Prices),
            NativeApis = patch.NativeApis is null ? node.Record.NativeApis : patch.NativeApis.Count == 0 ? null : [.. patch.NativeApis.Distinct()],
        };
        if ((NodeCredentialRules.ExternalModels(record.External, record.Models) ?? NodeApiRules.NativeApis(record.Engine, record.NativeApis)) is { } error)
        {
            return AdminResults.Invalid(error);
        }

        await control.UpsertNodeAsync(record, context.RequestAborted);
        if (record.Models.Count == 0)
        {
            await DiscoverAsync(node, upstream, credentials, context.RequestAborted);
        }

        var view = NodeStateView.From(node, placement);
        await audit.SystemAsync(context, "node.update", $"node/{id}", before, view);
        return TypedResults.Ok(view);
    }

    private static async Task<Results<NoContent, JsonHttpResult<ErrorEnvelope>>> DeleteAsync(HttpContext context, string id, ControlPlane control, NodeDirectory nodes, PlacementOptions placement, AdminAudit audit)
    {
        var before = nodes.Get(id) is { } existing ? NodeStateView.From(existing, placement) : null;
        if (!await control.DeleteNodeAsync(id, context.RequestAborted))
        {
            return AdminResults.NotFound("Node");
        }

        await audit.SystemAsync(context, "node.delete", $"node/{id}", before, null);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<NodeStateView>, JsonHttpResult<ErrorEnvelope>>> SetDrainingAsync(
        HttpContext context, string id, bool draining, ControlPlane control, NodeDirectory nodes, PlacementOptions placement, AdminAudit audit)
    {
        if (nodes.Get(id) is not { } node)
        {
            return AdminResults.NotFound("Node");
        }

        var before = NodeStateView.From(node, placement);
        await control.UpsertNodeAsync(node.Record with { Draining = draining }, context.RequestAborted);
        var view = NodeStateView.From(node, placement);
        await audit.SystemAsync(context, draining ? "node.drain" : "node.undrain", $"node/{id}", before, view);
        return TypedResults.Ok(view);
    }

    private static async Task DiscoverAsync(NodeReplica node, UpstreamClient upstream, INodeCredentials credentials, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DiscoveryTimeout);
        try
        {
            var text = await upstream.GetStringAsync(node.Record.BaseUrl, node.Record.Engine == EngineKind.Ollama ? "api/tags" : "v1/models", timeout.Token, NodeAuth.For(node.Record, credentials));
            node.SetDiscoveredModels(node.Record.Engine == EngineKind.Ollama ? OllamaAdapter.ParseTags(text) : ModelDiscovery.ParseModels(text));
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // The node may not be up yet: the load poller keeps asking.
        }
    }

    // The request's Validate has checked it is an absolute http(s) URL.
    private static Uri BaseUrl(string text) => NodeUrls.Normalize(new Uri(text, UriKind.Absolute));

    private static List<string> Trimmed(IReadOnlyList<string>? names) => names?.Select(n => n.Trim()).ToList() ?? [];
}

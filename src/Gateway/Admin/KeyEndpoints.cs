using System.Globalization;
using GatoLink.Gateway.Admin.Access;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Keys;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using GatoLink.PerSilo.Control;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// <c>GET/PATCH/DELETE /admin/keys/{id}</c> and <c>POST /admin/keys/{id}/rotate</c>. Keys are read from storage
/// (the truth for the cluster); another tenant's key is 404.
/// </summary>
public static class KeyEndpoints
{
    /// <summary>Longest rotation grace period.</summary>
    public static readonly TimeSpan MaxGrace = TimeSpan.FromDays(30);

    /// <summary>Maps the key routes on the admin group.</summary>
    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        var keys = admin.MapGroup("/keys/{id:guid}").RequireAdmin(AdminAccess.OwnsKey);
        keys.MapGet("", GetKeyAsync);
        keys.MapPatch("", PatchKeyAsync);
        keys.MapDelete("", RevokeKeyAsync);
        keys.MapPost("/rotate", RotateKeyAsync);
        return admin;
    }

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> GetKeyAsync(HttpContext context, Guid id, ControlPlane control)
    {
        var key = await FindAsync(context, id, control);
        return key is null ? AdminResults.NotFound("Key") : TypedResults.Ok(KeyView.From(key));
    }

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> PatchKeyAsync(HttpContext context, Guid id, AdminBody<KeyPatchRequest> body, ControlPlane control, AdminAudit audit)
    {
        var before = await FindAsync(context, id, control);
        if (before is null)
        {
            return AdminResults.NotFound("Key");
        }

        var patch = body.Value;
        if (patch.Role.Value == ApiKeyRole.SystemAdmin && !AdminPrincipal.Of(context).IsSystem)
        {
            return AdminResults.SystemOnly();
        }

        var after = patch.Apply(before);
        if (!await control.UpdateKeyAsync(after, context.RequestAborted))
        {
            return AdminResults.NotFound("Key");
        }

        await audit.KeyAsync(context, "key.update", id, before.TenantId, KeyView.From(before), KeyView.From(after));
        return TypedResults.Ok(KeyView.From(after));
    }

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> RevokeKeyAsync(HttpContext context, Guid id, ControlPlane control, AdminAudit audit)
    {
        var before = await FindAsync(context, id, control);
        if (before is null)
        {
            return AdminResults.NotFound("Key");
        }

        if (before.Id == AdminPrincipal.Of(context).KeyId)
        {
            return AdminResults.Invalid("A key cannot revoke itself.", "id");
        }

        var after = before with { Status = ApiKeyStatus.Revoked };
        if (!await control.UpdateKeyAsync(after, context.RequestAborted))
        {
            return AdminResults.NotFound("Key");
        }

        await audit.KeyAsync(context, "key.revoke", id, before.TenantId, KeyView.From(before), KeyView.From(after));
        return TypedResults.Ok(KeyView.From(after));
    }

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> RotateKeyAsync(HttpContext context, Guid id, ControlPlane control, AdminAudit audit, [FromQuery(Name = "grace_seconds")] string? graceSeconds)
    {
        var before = await FindAsync(context, id, control);
        if (before is null)
        {
            return AdminResults.NotFound("Key");
        }

        if (before.Status != ApiKeyStatus.Active)
        {
            return AdminResults.Invalid("A revoked key cannot be rotated.", "id");
        }

        var seconds = 0;
        if (!string.IsNullOrWhiteSpace(graceSeconds)
            && (!int.TryParse(graceSeconds, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds > MaxGrace.TotalSeconds))
        {
            return AdminResults.Invalid($"'grace_seconds' must be an integer between 0 and {(int)MaxGrace.TotalSeconds} (30 days).", "grace_seconds");
        }

        var grace = TimeSpan.FromSeconds(seconds);

        var rotated = await control.RotateKeyAsync(id, grace, context.RequestAborted);
        if (rotated is null)
        {
            return AdminResults.NotFound("Key");
        }

        await audit.KeyAsync(context, "key.rotate", id, before.TenantId, KeyView.From(before), KeyView.From(rotated.Key));
        return TypedResults.Ok(KeyView.From(rotated.Key, rotated.Secret));
    }

    /// <summary>The key if it exists and the caller may see its tenant; otherwise null (→ 404, never 403: no probing).</summary>
    internal static async Task<ApiKeyRecord?> FindAsync(HttpContext context, Guid id, ControlPlane control)
    {
        var key = await control.Storage.ApiKeys.GetAsync(id, context.RequestAborted);
        return key is not null && AdminPrincipal.Of(context).CanSee(key.TenantId) ? key : null;
    }
}

using System.Text.Json;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Control;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

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
        admin.MapGet("/keys/{id:guid}", GetKeyAsync);
        admin.MapPatch("/keys/{id:guid}", PatchKeyAsync);
        admin.MapDelete("/keys/{id:guid}", RevokeKeyAsync);
        admin.MapPost("/keys/{id:guid}/rotate", RotateKeyAsync);
        return admin;
    }

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> GetKeyAsync(HttpContext context, Guid id, ControlPlane control)
    {
        var key = await FindAsync(context, id, control);
        return key is null ? AdminResults.NotFound("Key") : TypedResults.Ok(KeyView.From(key));
    }

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> PatchKeyAsync(HttpContext context, Guid id, JsonElement body, ControlPlane control, AdminAudit audit, TimeProvider time)
    {
        var before = await FindAsync(context, id, control);
        if (before is null)
        {
            return AdminResults.NotFound("Key");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return AdminResults.Invalid("The body must be a JSON object.", "body");
        }

        var (limits, bad) = LimitsPatch.Apply(before.Limits, body);
        if (limits is null)
        {
            return AdminResults.Invalid($"'{bad}' is not a valid limit.", bad!);
        }

        var after = before with { Limits = limits };
        try
        {
            var (hasName, name) = LimitsPatch.String(body, "name");
            if (hasName)
            {
                if (string.IsNullOrWhiteSpace(name))
                {
                    return AdminResults.Invalid("'name' cannot be empty.", "name");
                }

                after = after with { Name = name.Trim() };
            }

            if (body.TryGetProperty("role", out var role))
            {
                var parsed = ParseRole(role.GetString());
                if (parsed is null)
                {
                    return AdminResults.Invalid("'role' must be user, tenant_admin or system_admin.", "role");
                }
                if (parsed == ApiKeyRole.SystemAdmin && !AdminPrincipal.Of(context).IsSystem)
                {
                    return AdminResults.SystemOnly();
                }

                after = after with { Role = parsed.Value };
            }

            if (body.TryGetProperty("allowed_models", out var models))
            {
                after = after with { AllowedModels = models.ValueKind == JsonValueKind.Null ? [] : models.EnumerateArray().Select(m => m.GetString() ?? "").ToList() };
            }

            if (body.TryGetProperty("expires_at", out var expires))
            {
                DateTimeOffset? at = expires.ValueKind == JsonValueKind.Null ? null : expires.GetDateTimeOffset();
                if (at is { } e && e <= time.GetUtcNow())
                {
                    return AdminResults.Invalid("'expires_at' must be in the future.", "expires_at");
                }

                after = after with { ExpiresAt = at };
            }
        }
        catch (Exception ex) when (ex is BadFieldException or InvalidOperationException or FormatException or JsonException)
        {
            return AdminResults.Invalid("A field has the wrong type: " + ex.Message, ex is BadFieldException b ? b.Field : "body");
        }

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

    private static async Task<Results<Ok<KeyView>, JsonHttpResult<ErrorEnvelope>>> RotateKeyAsync(HttpContext context, Guid id, ControlPlane control, AdminAudit audit, [FromQuery(Name = "grace_seconds")] int? graceSeconds)
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

        var grace = TimeSpan.FromSeconds(graceSeconds ?? 0);
        if (grace < TimeSpan.Zero || grace > MaxGrace)
        {
            return AdminResults.Invalid("'grace_seconds' must be between 0 and 30 days.", "grace_seconds");
        }

        var rotated = await control.RotateKeyAsync(id, grace, context.RequestAborted);
        if (rotated is null)
        {
            return AdminResults.NotFound("Key");
        }

        await audit.KeyAsync(context, "key.rotate", id, before.TenantId, KeyView.From(before), KeyView.From(rotated.Key));
        return TypedResults.Ok(KeyView.From(rotated.Key, rotated.Secret));
    }

    private static ApiKeyRole? ParseRole(string? role) => role switch
    {
        "user" => ApiKeyRole.User,
        "tenant_admin" => ApiKeyRole.TenantAdmin,
        "system_admin" => ApiKeyRole.SystemAdmin,
        _ => null,
    };

    /// <summary>The key if it exists and the caller may see its tenant; otherwise null (→ 404, never 403: no probing).</summary>
    internal static async Task<ApiKeyRecord?> FindAsync(HttpContext context, Guid id, ControlPlane control)
    {
        var key = await control.Storage.ApiKeys.GetAsync(id, context.RequestAborted);
        return key is not null && AdminPrincipal.Of(context).CanSee(key.TenantId) ? key : null;
    }
}

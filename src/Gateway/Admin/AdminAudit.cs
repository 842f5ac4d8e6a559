using System.Text.Json;
using System.Text.Json.Serialization;
using GatoLink.Grains.Abstractions.Audit;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.AspNetCore.Http;

namespace GatoLink.Gateway.Admin;

/// <summary>Writes the audit entry of an admin mutation: who (the admin key or signed-in user: subject and name), what, when, before/after as JSON.</summary>
public sealed class AdminAudit
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly IAuditStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates the writer.</summary>
    public AdminAudit(IAuditStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Records a tenant change (views carry no secrets).</summary>
    public Task TenantAsync(HttpContext context, string action, Guid tenantId, TenantView? before, TenantView? after) =>
        WriteAsync(context, action, $"tenant/{tenantId}", tenantId, Serialize(before), Serialize(after));

    /// <summary>Records a key change; the secret is stripped from both sides whatever the caller passed.</summary>
    public Task KeyAsync(HttpContext context, string action, Guid keyId, Guid tenantId, KeyView? before, KeyView? after) =>
        WriteAsync(context, action, $"key/{keyId}", tenantId, Serialize(before is null ? null : before with { Key = null }), Serialize(after is null ? null : after with { Key = null }));

    /// <summary>Records a change to a shared registry entry (model, price, node): no tenant, only system admins read it.</summary>
    public Task SystemAsync<T>(HttpContext context, string action, string target, T? before, T? after)
        where T : class => WriteAsync(context, action, target, null, Serialize(before), Serialize(after));

    /// <summary>Records a change to something a tenant owns (alert rules, a webhook): its tenant admins read it.</summary>
    public Task ScopedAsync<T>(HttpContext context, string action, string target, Guid? tenantId, T? before, T? after)
        where T : class => WriteAsync(context, action, target, tenantId, Serialize(before), Serialize(after));

    private Task WriteAsync(HttpContext context, string action, string target, Guid? tenantId, string? before, string? after)
    {
        var actor = AdminPrincipal.Of(context);
        return _store.AppendAsync(new AuditEntry(0, _time.GetUtcNow(), actor.KeyId, tenantId, action, target, before, after, actor.Subject, actor.Name), CancellationToken.None);
    }

    private static string? Serialize<T>(T? value)
        where T : class => value is null ? null : JsonSerializer.Serialize(value, Json);
}

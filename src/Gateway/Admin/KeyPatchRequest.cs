using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>PATCH /admin/keys/{id}</c>: name, role, allowed models (null: all), expiry (null: never), limits, default tags and
/// allowed tag keys, the response-cache policy (<c>cache</c>, which narrows the tenant's; null: the tenant's), the queue
/// <c>priority</c> (interactive or batch); absent fields stay.
/// </summary>
public sealed record KeyPatchRequest(
    PatchField<string?> Name,
    PatchField<ApiKeyRole?> Role,
    PatchField<IReadOnlyList<string>?> AllowedModels,
    PatchField<DateTimeOffset?> ExpiresAt,
    LimitsPatch Limits,
    TagPolicyPatch Tags,
    PatchField<CachePolicyBody?> Cache,
    PatchField<PriorityClass?> Priority)
    : IAdminRequest<KeyPatchRequest>
{
    /// <inheritdoc />
    public static KeyPatchRequest Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<string?>(body, "name", json),
        AdminJson.Field<ApiKeyRole?>(body, "role", json),
        AdminJson.Field<IReadOnlyList<string>?>(body, "allowed_models", json),
        AdminJson.Field<DateTimeOffset?>(body, "expires_at", json),
        LimitsPatch.Read(body, json),
        TagPolicyPatch.Read(body, json),
        AdminJson.Field<CachePolicyBody?>(body, "cache", json),
        AdminJson.Field<PriorityClass?>(body, "priority", json));

    /// <inheritdoc />
    public static IReadOnlyCollection<string> Fields(JsonSerializerOptions json) => ["name", "role", "allowed_models", "expires_at", .. LimitsPatch.Fields, .. TagPolicyPatch.Fields, "cache", "priority"];

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (Name.IsSet ? FieldRules.Name(Name.Value, "name") : null)
        ?? (Role.IsSet ? FieldRules.Defined(Role.Value, "role") ?? (Role.Value is null ? FieldRules.Required("role") : null) : null)
        ?? FieldRules.Names(AllowedModels.Value, "allowed_models")
        ?? FieldRules.Future(ExpiresAt.Value, "expires_at", now)
        ?? Limits.Validate()
        ?? Tags.Validate()
        ?? Cache.Value?.Validate()
        ?? (Priority.IsSet ? FieldRules.Defined(Priority.Value, "priority") ?? (Priority.Value is null ? FieldRules.Required("priority") : null) : null);

    /// <summary>The key with the patch applied.</summary>
    public ApiKeyRecord Apply(ApiKeyRecord current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Name = Name.IsSet ? Name.Value!.Trim() : current.Name,
            Role = Role.Value ?? current.Role,
            AllowedModels = AllowedModels.IsSet ? AllowedModels.Value?.Select(m => m.Trim()).ToList() ?? [] : current.AllowedModels,
            ExpiresAt = ExpiresAt.Or(current.ExpiresAt),
            Limits = Limits.Apply(current.Limits),
            Tags = Tags.Apply(current.Tags),
            Cache = Cache.IsSet ? Cache.Value?.ToPolicy() : current.Cache,
            Priority = Priority.Value ?? current.Priority,
        };
    }
}

using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>PATCH /admin/tenants/{id}</c>: name, disabled, limits, default tags and allowed tag keys; absent fields stay.</summary>
public sealed record TenantPatchRequest(PatchField<string?> Name, PatchField<bool?> Disabled, LimitsPatch Limits, TagPolicyPatch Tags)
    : IAdminRequest<TenantPatchRequest>
{
    /// <inheritdoc />
    public static TenantPatchRequest Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<string?>(body, "name", json),
        AdminJson.Field<bool?>(body, "disabled", json),
        LimitsPatch.Read(body, json),
        TagPolicyPatch.Read(body, json));

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (Name.IsSet ? FieldRules.Name(Name.Value, "name") : null)
        ?? (Disabled is { IsSet: true, Value: null } ? new FieldError("disabled", "'disabled' must be true or false.") : null)
        ?? Limits.Validate()
        ?? Tags.Validate();

    /// <summary>The tenant with the patch applied.</summary>
    public TenantRecord Apply(TenantRecord current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Name = Name.IsSet ? Name.Value!.Trim() : current.Name,
            Disabled = Disabled.Value ?? current.Disabled,
            Limits = Limits.Apply(current.Limits),
            Tags = Tags.Apply(current.Tags),
        };
    }
}

using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>PATCH /admin/tenants/{id}</c>: name, disabled, limits, default tags and allowed tag keys, plan and billing; absent fields stay.</summary>
public sealed record TenantPatchRequest(PatchField<string?> Name, PatchField<bool?> Disabled, LimitsPatch Limits, TagPolicyPatch Tags, BillingPatch Billing)
    : IAdminRequest<TenantPatchRequest>
{
    /// <inheritdoc />
    public static TenantPatchRequest Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<string?>(body, "name", json),
        AdminJson.Field<bool?>(body, "disabled", json),
        LimitsPatch.Read(body, json),
        TagPolicyPatch.Read(body, json),
        BillingPatch.Read(body, json));

    /// <inheritdoc />
    public static IReadOnlyCollection<string> Fields(JsonSerializerOptions json) => ["name", "disabled", .. LimitsPatch.Fields, .. TagPolicyPatch.Fields, .. BillingPatch.Fields];

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (Name.IsSet ? FieldRules.Name(Name.Value, "name") : null)
        ?? (Disabled is { IsSet: true, Value: null } ? new FieldError("disabled", "'disabled' must be true or false.") : null)
        ?? Limits.Validate()
        ?? Tags.Validate()
        ?? Billing.Validate();

    /// <summary>The tenant with the patch applied (billing aside: <see cref="BillingPatch.ApplyAsync"/>).</summary>
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

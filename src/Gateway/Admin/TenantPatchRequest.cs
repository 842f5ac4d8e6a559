using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>PATCH /admin/tenants/{id}</c>: name, disabled, limits, default tags and allowed tag keys, the response-cache
/// policy (<c>cache</c>, null: off), <c>kv_isolation</c>, plan and billing, the fair share (<c>weight</c>,
/// <c>guaranteed_share</c>, null: none), <c>external_overflow</c> (allow | deny); absent fields stay.
/// </summary>
public sealed record TenantPatchRequest(
    PatchField<string?> Name,
    PatchField<bool?> Disabled,
    LimitsPatch Limits,
    TagPolicyPatch Tags,
    PatchField<CachePolicyBody?> Cache,
    PatchField<bool?> KvIsolation,
    BillingPatch Billing,
    PatchField<int?> Weight,
    PatchField<double?> GuaranteedShare,
    PatchField<ExternalOverflow?> ExternalOverflow = default)
    : IAdminRequest<TenantPatchRequest>
{
    /// <inheritdoc />
    public static TenantPatchRequest Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<string?>(body, "name", json),
        AdminJson.Field<bool?>(body, "disabled", json),
        LimitsPatch.Read(body, json),
        TagPolicyPatch.Read(body, json),
        AdminJson.Field<CachePolicyBody?>(body, "cache", json),
        AdminJson.Field<bool?>(body, "kv_isolation", json),
        BillingPatch.Read(body, json),
        AdminJson.Field<int?>(body, "weight", json),
        AdminJson.Field<double?>(body, "guaranteed_share", json),
        AdminJson.Field<ExternalOverflow?>(body, "external_overflow", json));

    /// <inheritdoc />
    public static IReadOnlyCollection<string> Fields(JsonSerializerOptions json) => ["name", "disabled", .. LimitsPatch.Fields, .. TagPolicyPatch.Fields, "cache", "kv_isolation", .. BillingPatch.Fields, "weight", "guaranteed_share", "external_overflow"];

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (Name.IsSet ? FieldRules.Name(Name.Value, "name") : null)
        ?? (Disabled is { IsSet: true, Value: null } ? new FieldError("disabled", "'disabled' must be true or false.") : null)
        ?? Limits.Validate()
        ?? Tags.Validate()
        ?? Cache.Value?.Validate()
        ?? (KvIsolation is { IsSet: true, Value: null } ? new FieldError("kv_isolation", "'kv_isolation' must be true or false.") : null)
        ?? Billing.Validate()
        ?? (Weight is { IsSet: true, Value: null } ? new FieldError("weight", "'weight' must be a whole number from 1.") : null)
        ?? FieldRules.Share(Weight.Value, GuaranteedShare.Value)
        ?? (ExternalOverflow is { IsSet: true, Value: null } ? new FieldError("external_overflow", "'external_overflow' must be 'allow' or 'deny'.") : null)
        ?? FieldRules.Defined(ExternalOverflow.Value, "external_overflow");

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
            Cache = Cache.IsSet ? Cache.Value?.ToPolicy() : current.Cache,
            KvIsolation = KvIsolation.Value ?? current.KvIsolation,
            Share = ApplyShare(current.ShareOrDefault),
            ExternalOverflow = ExternalOverflow.Value ?? current.ExternalOverflow,
        };
    }

    // Weight stays unless set; guaranteed_share: absent stays, null removes it.
    private FairShare? ApplyShare(FairShare current)
    {
        var next = new FairShare(Weight.Value ?? current.Weight, GuaranteedShare.IsSet ? GuaranteedShare.Value : current.GuaranteedShare);
        return next == FairShare.Default ? null : next;
    }
}

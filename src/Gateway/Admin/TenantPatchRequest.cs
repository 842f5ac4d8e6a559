using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>PATCH /admin/tenants/{id}</c>: name, disabled and limits; absent fields stay.</summary>
public sealed record TenantPatchRequest(PatchField<string?> Name, PatchField<bool?> Disabled, LimitsPatch Limits)
    : IAdminRequest<TenantPatchRequest>
{
    /// <inheritdoc />
    public static TenantPatchRequest Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<string?>(body, "name", json),
        AdminJson.Field<bool?>(body, "disabled", json),
        LimitsPatch.Read(body, json));

    /// <inheritdoc />
    public static IReadOnlyCollection<string> Fields(JsonSerializerOptions json) => ["name", "disabled", .. LimitsPatch.Fields];

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (Name.IsSet ? FieldRules.Name(Name.Value, "name") : null)
        ?? (Disabled is { IsSet: true, Value: null } ? new FieldError("disabled", "'disabled' must be true or false.") : null)
        ?? Limits.Validate();

    /// <summary>The tenant with the patch applied.</summary>
    public TenantRecord Apply(TenantRecord current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return current with
        {
            Name = Name.IsSet ? Name.Value!.Trim() : current.Name,
            Disabled = Disabled.Value ?? current.Disabled,
            Limits = Limits.Apply(current.Limits),
        };
    }
}

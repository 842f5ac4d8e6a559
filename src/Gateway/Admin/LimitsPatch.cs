using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Keys;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// The limits part of a tenant or key PATCH, as a JSON merge-patch: a field that is absent stays, <c>null</c>
/// removes the limit, a number sets it.
/// </summary>
public sealed record LimitsPatch(
    PatchField<int?> Rpm,
    PatchField<long?> Tpm,
    PatchField<decimal?> DailyCostUsd,
    PatchField<decimal?> MonthlyCostUsd,
    PatchField<long?> MonthlyTokens,
    PatchField<int?> MaxConcurrent)
{
    /// <summary>The limit fields, as the client spells them.</summary>
    public static readonly IReadOnlyList<string> Fields = ["rpm", "tpm", "daily_cost_usd", "monthly_cost_usd", "monthly_tokens", "max_concurrent"];

    /// <summary>Reads the limit fields of <paramref name="body"/>; the wrong type throws <see cref="BadFieldException"/>.</summary>
    public static LimitsPatch Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<int?>(body, "rpm", json),
        AdminJson.Field<long?>(body, "tpm", json),
        AdminJson.Field<decimal?>(body, "daily_cost_usd", json),
        AdminJson.Field<decimal?>(body, "monthly_cost_usd", json),
        AdminJson.Field<long?>(body, "monthly_tokens", json),
        AdminJson.Field<int?>(body, "max_concurrent", json));

    /// <summary>The first limit that breaks a rule (unset fields pass).</summary>
    public FieldError? Validate() =>
        FieldRules.Limits(Rpm.Value, Tpm.Value, DailyCostUsd.Value, MonthlyCostUsd.Value, MonthlyTokens.Value, MaxConcurrent.Value);

    /// <summary>The patched limits.</summary>
    public Limits Apply(Limits current)
    {
        ArgumentNullException.ThrowIfNull(current);
        return new Limits(
            Rpm.Or(current.RequestsPerMinute),
            Tpm.Or(current.TokensPerMinute),
            DailyCostUsd.IsSet ? Money.ToMicros(DailyCostUsd.Value) : current.DailyCostMicros,
            MonthlyCostUsd.IsSet ? Money.ToMicros(MonthlyCostUsd.Value) : current.MonthlyCostMicros,
            MonthlyTokens.Or(current.MonthlyTokens),
            MaxConcurrent.Or(current.MaxConcurrent));
    }
}

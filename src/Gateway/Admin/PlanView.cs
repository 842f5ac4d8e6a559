using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Gateway.Admin;

/// <summary>A plan as the admin API shows it: USD on the wire.</summary>
public sealed record PlanView(
    string Name,
    int Version,
    decimal MonthlyFeeUsd,
    decimal IncludedUsd,
    int? Rpm,
    long? Tpm,
    decimal? DailyCostUsd,
    decimal? MonthlyCostUsd,
    long? MonthlyTokens,
    OveragePolicy Overage,
    BillingMode Billing,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<PlanPriceView> ModelPrices,
    long? IncludedTokens)
{
    /// <summary>Maps a record.</summary>
    public static PlanView From(PlanRecord p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Name, p.Version, Money.ToUsd(p.MonthlyFeeMicros), Money.ToUsd(p.IncludedMicros), p.Limits.RequestsPerMinute, p.Limits.TokensPerMinute,
            Money.ToUsd(p.Limits.DailyCostMicros), Money.ToUsd(p.Limits.MonthlyCostMicros), p.Limits.MonthlyTokens, p.Overage, p.Billing, p.UpdatedAt,
            (p.ModelPrices ?? []).Select(PlanPriceView.From).ToList(), p.IncludedTokens);
    }
}

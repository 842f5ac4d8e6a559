using GatoLink.Grains.Abstractions.Attribution;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;
using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Tenants;

namespace GatoLink.Gateway.Admin;

/// <summary>A tenant as the admin API shows it.</summary>
public sealed record TenantView(Guid Id, string Name, int? Rpm, long? Tpm, decimal? DailyCostUsd, decimal? MonthlyCostUsd, long? MonthlyTokens, bool Disabled, DateTimeOffset CreatedAt,
    IReadOnlyDictionary<string, string> DefaultTags, IReadOnlyList<string> AllowedTagKeys, CachePolicyBody? Cache, bool KvIsolation, string? Plan, BillingMode Billing, decimal? LowBalanceUsd,
    int? MaxConcurrent, int Weight, double? GuaranteedShare, ExternalOverflow ExternalOverflow = ExternalOverflow.Allow)
{
    /// <summary>Maps a record.</summary>
    public static TenantView From(TenantRecord t) => new(
        t.Id, t.Name, t.Limits.RequestsPerMinute, t.Limits.TokensPerMinute, Money.ToUsd(t.Limits.DailyCostMicros),
        Money.ToUsd(t.Limits.MonthlyCostMicros), t.Limits.MonthlyTokens, t.Disabled, t.CreatedAt,
        (t.Tags ?? TagPolicy.None).Defaults, (t.Tags ?? TagPolicy.None).AllowedKeys, CachePolicyBody.From(t.Cache), t.KvIsolation, t.BillingOrDefault.Plan, t.BillingOrDefault.Mode,
        Money.ToUsd(t.BillingOrDefault.LowBalanceMicros), t.Limits.MaxConcurrent, t.ShareOrDefault.Weight, t.ShareOrDefault.GuaranteedShare, t.ExternalOverflow);
}

/// <summary>A key as the admin API shows it: prefix only; the secret only in the answer that made it.</summary>
public sealed record KeyView(
    Guid Id,
    Guid TenantId,
    string Name,
    string Prefix,
    ApiKeyRole Role,
    ApiKeyStatus Status,
    int? Rpm,
    long? Tpm,
    decimal? DailyCostUsd,
    decimal? MonthlyCostUsd,
    long? MonthlyTokens,
    IReadOnlyList<string> AllowedModels,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    string? Key,
    IReadOnlyDictionary<string, string> DefaultTags,
    IReadOnlyList<string> AllowedTagKeys,
    CachePolicyBody? Cache,
    int? MaxConcurrent,
    PriorityClass Priority)
{
    /// <summary>Maps a record, with the secret when it was just made.</summary>
    public static KeyView From(ApiKeyRecord k, string? secret = null) => new(
        k.Id, k.TenantId, k.Name, k.Prefix, k.Role, k.Status, k.Limits.RequestsPerMinute, k.Limits.TokensPerMinute,
        Money.ToUsd(k.Limits.DailyCostMicros), Money.ToUsd(k.Limits.MonthlyCostMicros), k.Limits.MonthlyTokens,
        k.AllowedModels, k.ExpiresAt, k.CreatedAt, secret, (k.Tags ?? TagPolicy.None).Defaults, (k.Tags ?? TagPolicy.None).AllowedKeys, CachePolicyBody.From(k.Cache),
        k.Limits.MaxConcurrent, k.Priority);
}

/// <summary>A price as the admin API shows it; <c>cache_hit_usd</c> is what one answer from the response cache costs.</summary>
public sealed record PriceView(decimal InputPerMillionUsd, decimal OutputPerMillionUsd, DateTimeOffset EffectiveFrom, decimal CacheHitUsd)
{
    /// <summary>Maps a price.</summary>
    public static PriceView From(ModelPrice p) => new(Money.ToUsd(p.InputMicrosPerMillion), Money.ToUsd(p.OutputMicrosPerMillion), p.EffectiveFrom, Money.ToUsd(p.CacheHitMicros));
}

/// <summary>A model as the admin API shows it.</summary>
public sealed record ModelView(string Name, IReadOnlyList<string> Aliases, int ContextLength, int DefaultMaxTokens, PlacementStrategyKind Strategy, PriceView? Price, IReadOnlyList<PriceView> PriceHistory, DateTimeOffset CreatedAt,
    OverflowPolicy Overflow = OverflowPolicy.Never, IReadOnlyList<string>? Fallback = null);

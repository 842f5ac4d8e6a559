using GatoLink.Grains.Abstractions.Attribution;
using GatoLink.Grains.Abstractions.Cache;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Grains.Abstractions.Tenants;

/// <summary>A tenant as stored.</summary>
/// <param name="Id">Tenant id.</param>
/// <param name="Name">Unique name.</param>
/// <param name="Limits">Tenant-wide limits.</param>
/// <param name="Disabled">Whether its keys are refused.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Tags">Default attribution tags and allowed tag keys of all its keys; null: none.</param>
/// <param name="Cache">Its response-cache policy; null: off.</param>
/// <param name="KvIsolation">Whether its requests carry a <c>cache_salt</c> of their own, so that no other tenant shares their prefix cache on a node.</param>
/// <param name="Billing">Plan, billing mode and wallet settings; null: postpaid without a plan.</param>
/// <param name="Share">Its weight and guaranteed share in a model's wait queue when the nodes are saturated.</param>
/// <param name="ExternalOverflow">Whether its requests may reach external providers (data residency).</param>
public sealed record TenantRecord(
    Guid Id,
    string Name,
    Limits Limits,
    bool Disabled,
    DateTimeOffset CreatedAt,
    TagPolicy? Tags = null,
    CachePolicy? Cache = null,
    bool KvIsolation = false,
    TenantBilling? Billing = null,
    FairShare? Share = null,
    ExternalOverflow ExternalOverflow = ExternalOverflow.Allow)
{
    /// <summary>The billing settings, the default when none are stored.</summary>
    public TenantBilling BillingOrDefault => Billing ?? TenantBilling.Default;

    /// <summary>The fair-share settings, the default (weight 1, nothing guaranteed) when none are stored.</summary>
    public FairShare ShareOrDefault => Share ?? FairShare.Default;
}

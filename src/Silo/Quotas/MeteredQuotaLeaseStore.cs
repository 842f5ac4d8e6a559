using GatoLink.Grains.Quotas;
using GatoLink.Grains.Telemetry;

namespace GatoLink.Silo.Quotas;

/// <summary>Counts lease refills (every grant asked of the central store) by kind for /metrics.</summary>
public sealed class MeteredQuotaLeaseStore : IQuotaLeaseStore
{
    private readonly IQuotaLeaseStore _inner;
    private readonly LimitInstruments _metrics;

    /// <summary>Wraps a store.</summary>
    public MeteredQuotaLeaseStore(IQuotaLeaseStore inner, LimitInstruments metrics)
    {
        _inner = inner;
        _metrics = metrics;
    }

    /// <inheritdoc />
    public ValueTask<LeaseGrant> AcquireAsync(LeaseRequest request, CancellationToken cancellationToken)
    {
        _metrics.LeaseRefilled(request.Quota.Kind switch
        {
            LimitKind.Requests => LeaseKind.Requests,
            LimitKind.Tokens or LimitKind.MonthlyTokens => LeaseKind.Tokens,
            _ => LeaseKind.Budget,
        });
        return _inner.AcquireAsync(request, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask ReturnAsync(LeaseReturn lease, CancellationToken cancellationToken) => _inner.ReturnAsync(lease, cancellationToken);
}

using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;

namespace GatoLink.PerSilo.Quotas;

/// <summary>Admits everything: used when limits are switched off (and in overhead benchmarks as the baseline).</summary>
public sealed class UnlimitedAdmissionController : IAdmissionController
{
    /// <inheritdoc />
    public ValueTask<AdmissionTicket> AdmitAsync(ApiKeyEntry key, ModelRoute model, int estimatedPromptTokens, int? maxTokens, CancellationToken ct) =>
        ValueTask.FromResult(AdmissionTicket.Unlimited);

    /// <inheritdoc />
    public ValueTask<AdmissionTicket> AdmitCachedAsync(ApiKeyEntry key, ModelRoute model, CancellationToken ct) =>
        ValueTask.FromResult(AdmissionTicket.Unlimited);

    /// <inheritdoc />
    public void Settle(AdmissionTicket ticket, IReadOnlyList<UsagePart> parts)
    {
        // Nothing was reserved.
    }
}

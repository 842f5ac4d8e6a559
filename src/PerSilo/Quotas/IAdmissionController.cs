using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;

namespace GatoLink.PerSilo.Quotas;

/// <summary>
/// Rate limits and budgets at the door: reserves a request's estimated tokens and cost before it
/// runs, and settles the actual usage when it ends.
/// </summary>
public interface IAdmissionController
{
    /// <summary>Checks and reserves, atomically across the key's and its tenant's limits.</summary>
    /// <param name="key">The caller.</param>
    /// <param name="model">The resolved model (prices, default max_tokens).</param>
    /// <param name="estimatedPromptTokens">Prompt tokens estimated from the body.</param>
    /// <param name="maxTokens">max_tokens the client asked for, or null.</param>
    /// <param name="ct">Cancellation.</param>
    ValueTask<AdmissionTicket> AdmitAsync(ApiKeyEntry key, ModelRoute model, int estimatedPromptTokens, int? maxTokens, CancellationToken ct);

    /// <summary>
    /// Admits an answer from the response cache: it takes one request from the request-rate buckets and no tokens, so a
    /// hit counts against rpm, not tpm or the token and cost budgets (a hit uses no GPU).
    /// </summary>
    ValueTask<AdmissionTicket> AdmitCachedAsync(ApiKeyEntry key, ModelRoute model, CancellationToken ct);

    /// <summary>
    /// Settles what the request really used, one part per attempt that was billed (with its usage event's timestamp);
    /// called exactly once per admitted ticket.
    /// </summary>
    void Settle(AdmissionTicket ticket, IReadOnlyList<UsagePart> parts);

    /// <summary>The <c>x-ratelimit-*</c> headers of a key right now, for /v1 responses that admit nothing (models, budget).</summary>
    ValueTask<IReadOnlyList<KeyValuePair<string, string>>> HeadersForAsync(ApiKeyEntry key, CancellationToken ct) =>
        ValueTask.FromResult<IReadOnlyList<KeyValuePair<string, string>>>([]);
}

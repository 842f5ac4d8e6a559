namespace GatoLink.Grains.Abstractions.Responses;

/// <summary>A Responses API answer kept for its tenant (<c>store: true</c>), until <paramref name="ExpiresAt"/>.</summary>
/// <param name="Id">The response id (<c>resp_…</c>).</param>
/// <param name="TenantId">The tenant whose key created it: only that tenant's keys see it.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">End of its retention: never served after it, purged some time after.</param>
/// <param name="Model">The model that answered.</param>
/// <param name="Conversation">The JSON array of input items it answered (a previous response's conversation and output first).</param>
/// <param name="Response">The JSON response object as the client got it.</param>
public sealed record StoredResponse(
    string Id,
    Guid TenantId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    string Model,
    string Conversation,
    string Response);

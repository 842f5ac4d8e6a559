using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>PATCH /admin/nodes/{id}</c>: only the fields given change (<c>gpu_hour_price_usd: 0</c> removes the price,
/// <c>api_key: ""</c> removes the key, <c>prices</c> and <c>native_apis</c> replace the whole list).
/// </summary>
public sealed record NodePatchRequest(string? BaseUrl, EngineKind? Engine, IReadOnlyList<string>? Models, double? VramGb, Dictionary<string, string>? Labels, decimal? GpuHourPriceUsd = null,
    bool? External = null, string? ApiKey = null, IReadOnlyList<ProviderPriceBody?>? Prices = null, IReadOnlyList<NodeApi>? NativeApis = null)
    : IAdminRequest<NodePatchRequest>
{
    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.HttpUrl(BaseUrl, "base_url", required: false)
        ?? FieldRules.Defined(Engine, "engine")
        ?? FieldRules.Names(Models, "models")
        ?? FieldRules.Range(VramGb, "vram_gb", 0, NodeRequest.MaxVramGb)
        ?? FieldRules.Labels(Labels, "labels")
        ?? FieldRules.Range(GpuHourPriceUsd, "gpu_hour_price_usd", 0m, NodeRequest.MaxGpuHourPriceUsd)
        ?? NodeCredentialRules.ApiKey(ApiKey, emptyRemoves: true)
        ?? (Models is not null ? NodeCredentialRules.ExternalModels(External ?? false, Models) : null)
        ?? ProviderPriceBody.Validate(Prices);
}

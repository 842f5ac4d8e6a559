using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>POST /admin/nodes</c>; <c>gpu_hour_price_usd</c> prices the node's GPU time for chargeback. An external
/// provider has <c>external: true</c>, its <c>models</c>, its <c>api_key</c> (stored encrypted, never shown again) and
/// its <c>prices</c> per model. <c>native_apis</c> (e.g. <c>["responses"]</c>) names the client APIs the node serves
/// itself, which GatoLink then passes through to it rather than translating onto chat.
/// </summary>
public sealed record NodeRequest(string? Id, string? BaseUrl, EngineKind? Engine, IReadOnlyList<string>? Models, double? VramGb, Dictionary<string, string>? Labels, decimal? GpuHourPriceUsd = null,
    bool? External = null, string? ApiKey = null, IReadOnlyList<ProviderPriceBody?>? Prices = null, IReadOnlyList<NodeApi>? NativeApis = null)
    : IAdminRequest<NodeRequest>
{
    /// <summary>Most VRAM a node may declare, in GB.</summary>
    public const double MaxVramGb = 100_000;

    /// <summary>Highest price of a GPU-hour a node may declare, in USD.</summary>
    public const decimal MaxGpuHourPriceUsd = 100_000m;

    /// <summary>The id asked for, or null when blank: the node is then named after its host and port.</summary>
    public string? GivenId => string.IsNullOrWhiteSpace(Id) ? null : Id.Trim();

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        FieldRules.NodeId(GivenId, "id")
        ?? FieldRules.HttpUrl(BaseUrl, "base_url", required: true)
        ?? FieldRules.Defined(Engine, "engine")
        ?? FieldRules.Names(Models, "models")
        ?? FieldRules.Range(VramGb, "vram_gb", 0, MaxVramGb)
        ?? FieldRules.Labels(Labels, "labels")
        ?? FieldRules.Range(GpuHourPriceUsd, "gpu_hour_price_usd", 0m, MaxGpuHourPriceUsd)
        ?? NodeCredentialRules.ApiKey(ApiKey, emptyRemoves: false)
        ?? NodeCredentialRules.ExternalModels(External ?? false, Models)
        ?? ProviderPriceBody.Validate(Prices)
        ?? NodeApiRules.NativeApis(Engine ?? EngineKind.Vllm, NativeApis);
}

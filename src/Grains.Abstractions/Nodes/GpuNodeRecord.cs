namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>The registry entry of one inference server, as stored.</summary>
/// <param name="Id">Stable id (slug or GUID text).</param>
/// <param name="BaseUrl">Root URL of the server, without <c>/v1</c>.</param>
/// <param name="Engine">What kind of server it is.</param>
/// <param name="Models">Model names it serves; empty means discover from <c>/v1/models</c>.</param>
/// <param name="VramGb">Total VRAM, used by engines that report VRAM in bytes (Ollama).</param>
/// <param name="Labels">Free-form labels (zone, gpu kind, …).</param>
/// <param name="Draining">A draining node gets no new requests.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="GpuHourPriceMicros">What an hour of the node's GPU time costs, in micro-USD; null: not priced.</param>
public sealed record GpuNodeRecord(
    string Id,
    Uri BaseUrl,
    EngineKind Engine,
    IReadOnlyList<string> Models,
    double VramGb,
    IReadOnlyDictionary<string, string> Labels,
    bool Draining,
    DateTimeOffset CreatedAt,
    long? GpuHourPriceMicros = null);

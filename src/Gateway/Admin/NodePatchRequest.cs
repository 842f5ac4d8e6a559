using GatoLink.Grains.Abstractions.Nodes;

namespace GatoLink.Gateway.Admin;

/// <summary>Body of <c>PATCH /admin/nodes/{id}</c>: only the fields given change.</summary>
public sealed record NodePatchRequest(string? BaseUrl, EngineKind? Engine, IReadOnlyList<string>? Models, double? VramGb, Dictionary<string, string>? Labels);

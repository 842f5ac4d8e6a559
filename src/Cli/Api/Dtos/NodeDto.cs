namespace GatoLink.Cli.Api.Dtos;

/// <summary>A GPU node as <c>/admin/nodes</c> shows it: registry fields and live state.</summary>
public sealed record NodeDto(
    string Id,
    string BaseUrl,
    string Engine,
    IReadOnlyList<string> Models,
    bool ModelsDiscovered,
    double VramGb,
    IReadOnlyDictionary<string, string>? Labels,
    bool Draining,
    int InFlight,
    long InFlightTokens,
    string Circuit,
    NodeLoadDto Load,
    DateTimeOffset CreatedAt,
    bool External = false,
    bool HasCredential = false,
    IReadOnlyList<string>? NativeApis = null);

namespace GatoLink.Cli.Api.Dtos;

/// <summary>
/// A tenant's or key's response-cache policy as the admin API shows it (<c>cache</c>). The mode stays a string so a newer
/// silo's values still display.
/// </summary>
public sealed record CachePolicyDto(string Mode, int TtlSeconds, double Similarity, bool Random);

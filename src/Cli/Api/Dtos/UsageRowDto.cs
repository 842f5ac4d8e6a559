namespace GatoLink.Cli.Api.Dtos;

/// <summary>One usage row: a day, a model or a key, depending on the grouping.</summary>
public sealed record UsageRowDto(
    string Group,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    decimal CostUsd,
    long Errors,
    double? P50TtftMs,
    double? P95TtftMs,
    double GpuSeconds = 0,
    decimal? GpuCostUsd = null,
    double? NodeShare = null);

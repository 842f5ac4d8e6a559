namespace GatoLink.Cli.Api.Dtos;

/// <summary>One limit of a budget; <see cref="Unit"/> is <c>requests</c>, <c>tokens</c> or <c>usd_micros</c>.</summary>
public sealed record BudgetLimitDto(string Name, string Unit, long Limit, long Used, long Remaining, string Window, DateTimeOffset ResetsAt);

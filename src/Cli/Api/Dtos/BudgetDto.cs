namespace GatoLink.Cli.Api.Dtos;

/// <summary>The live budget of a key or tenant (<c>GET /admin/{keys|tenants}/{id}/budget</c>).</summary>
public sealed record BudgetDto(string Scope, Guid Id, Guid TenantId, IReadOnlyList<BudgetLimitDto> Limits);

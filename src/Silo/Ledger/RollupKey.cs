namespace GatoLink.Silo.Ledger;

/// <summary>The key of a <c>usage_daily</c> row.</summary>
internal readonly record struct RollupKey(Guid TenantId, DateOnly Day, Guid ApiKeyId, string Model);

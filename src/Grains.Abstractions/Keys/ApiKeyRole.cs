namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>What a key may do.</summary>
public enum ApiKeyRole
{
    /// <summary>Inference and reading its own budget.</summary>
    User,
    /// <summary>Its own tenant's keys, budgets and usage.</summary>
    TenantAdmin,
    /// <summary>Everything.</summary>
    SystemAdmin,
}

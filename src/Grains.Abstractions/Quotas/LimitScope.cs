namespace GatoLink.Grains.Abstractions.Quotas;

/// <summary>Whose limit: the API key's own, or the tenant's shared by all its keys.</summary>
public enum LimitScope
{
    /// <summary>The API key.</summary>
    Key,
    /// <summary>The tenant that owns the key.</summary>
    Tenant,
}

namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>What happens to a tenant's usage past its plan's included allowance in a month.</summary>
public enum OveragePolicy
{
    /// <summary>Billed at the prices in force, as overage lines on the invoice.</summary>
    Overage,

    /// <summary>Refused: the allowance becomes a monthly cost budget of the tenant (429 <c>budget_exceeded</c>).</summary>
    Stop,
}

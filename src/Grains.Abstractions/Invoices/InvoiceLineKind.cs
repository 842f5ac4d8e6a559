namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>What an invoice line is for.</summary>
public enum InvoiceLineKind
{
    /// <summary>The plan's monthly fee for the part of the month the tenant was on it.</summary>
    PlanFee,

    /// <summary>One model's usage in the invoice's month, at the prices in force (the ledger's cost).</summary>
    Usage,

    /// <summary>One model's usage of an earlier month that reached the ledger after that month's invoice was finalized.</summary>
    LateUsage,

    /// <summary>The part of the usage the plan's included allowance pays for (negative).</summary>
    IncludedAllowance,

    /// <summary>Usage a prepaid tenant's wallet has already paid for (negative).</summary>
    CreditsApplied,
}

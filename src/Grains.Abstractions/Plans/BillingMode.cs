namespace GatoLink.Grains.Abstractions.Plans;

/// <summary>How a tenant pays for its usage.</summary>
public enum BillingMode
{
    /// <summary>Invoiced after the month (the default): requests do not draw on a wallet.</summary>
    Postpaid,

    /// <summary>Requests draw on the tenant's wallet; an exhausted wallet refuses with <c>insufficient_quota</c>.</summary>
    Prepaid,
}

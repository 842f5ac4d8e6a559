namespace GatoLink.Grains.Quotas;

/// <summary>The calendar window of a budget, always in UTC.</summary>
public enum BudgetPeriod
{
    /// <summary>From 00:00 UTC to the next 00:00 UTC.</summary>
    Day,
    /// <summary>From the 1st 00:00 UTC to the next month's 1st 00:00 UTC.</summary>
    Month,
}

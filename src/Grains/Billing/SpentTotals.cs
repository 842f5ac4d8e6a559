namespace GatoLink.Grains.Billing;

/// <summary>Usage of one scope before a moment, per budget window and in the minute of the rate limits.</summary>
/// <param name="DayCostMicros">Cost in the UTC day.</param>
/// <param name="MonthCostMicros">Cost in the UTC month.</param>
/// <param name="MonthTokens">Prompt + completion tokens in the UTC month.</param>
/// <param name="WalletCostMicros">Cost since a prepaid wallet opened (a wallet's seed; 0 in a budget's).</param>
/// <param name="MinuteRequests">Requests (distinct request ids) in the minute before the moment, for the rpm bucket.</param>
/// <param name="MinuteTokens">Prompt + completion tokens in the minute before the moment, for the tpm bucket.</param>
public readonly record struct SpentTotals(long DayCostMicros, long MonthCostMicros, long MonthTokens, long WalletCostMicros = 0, long MinuteRequests = 0, long MinuteTokens = 0)
{
    /// <summary>What <paramref name="later"/> holds beyond <paramref name="earlier"/>.</summary>
    public static SpentTotals operator -(SpentTotals later, SpentTotals earlier) =>
        new(later.DayCostMicros - earlier.DayCostMicros, later.MonthCostMicros - earlier.MonthCostMicros, later.MonthTokens - earlier.MonthTokens,
            later.WalletCostMicros - earlier.WalletCostMicros, later.MinuteRequests - earlier.MinuteRequests, later.MinuteTokens - earlier.MinuteTokens);
}

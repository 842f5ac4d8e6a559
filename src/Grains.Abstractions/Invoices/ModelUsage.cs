namespace GatoLink.Grains.Abstractions.Invoices;

/// <summary>One model's usage in one month, summed from the ledger (or billed on invoices).</summary>
/// <param name="Period">The month, <c>yyyy-MM</c>.</param>
/// <param name="Model">The model.</param>
/// <param name="Requests">Requests.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="CostMicros">Cost, micro-USD.</param>
public sealed record ModelUsage(string Period, string Model, long Requests, long InputTokens, long OutputTokens, long CostMicros)
{
    /// <summary>What <paramref name="ledger"/> holds beyond <paramref name="billed"/> (null billed: all of it).</summary>
    public static ModelUsage Beyond(ModelUsage ledger, ModelUsage? billed)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        return billed is null ? ledger : ledger with
        {
            Requests = ledger.Requests - billed.Requests,
            InputTokens = ledger.InputTokens - billed.InputTokens,
            OutputTokens = ledger.OutputTokens - billed.OutputTokens,
            CostMicros = ledger.CostMicros - billed.CostMicros,
        };
    }
}

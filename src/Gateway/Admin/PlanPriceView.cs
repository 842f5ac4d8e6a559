using GatoLink.Grains.Abstractions.Plans;

namespace GatoLink.Gateway.Admin;

/// <summary>A plan's own price of one model as the admin API shows it: USD per million tokens.</summary>
public sealed record PlanPriceView(string Model, decimal InputUsdPerMillion, decimal OutputUsdPerMillion)
{
    /// <summary>Maps a stored price.</summary>
    public static PlanPriceView From(PlanModelPrice p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new(p.Model, Money.ToUsd(p.InputMicrosPerMillion), Money.ToUsd(p.OutputMicrosPerMillion));
    }
}

using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Models;

/// <summary>A model's price history; answers "what was the price at time t".</summary>
public sealed class PriceBook
{
    private readonly Lock _writeLock = new();
    private ModelPrice[] _prices = [];

    /// <summary>Adds a price, keeping the history ordered by effective time.</summary>
    public void Add(ModelPrice price)
    {
        lock (_writeLock)
        {
            var list = _prices.Where(p => p.EffectiveFrom != price.EffectiveFrom).Append(price).OrderBy(p => p.EffectiveFrom).ToArray();
            Volatile.Write(ref _prices, list);
        }
    }

    /// <summary>The price in force at <paramref name="at"/>, or null when the model has none.</summary>
    public ModelPrice? At(DateTimeOffset at)
    {
        var prices = Volatile.Read(ref _prices);
        for (var i = prices.Length - 1; i >= 0; i--)
        {
            if (prices[i].EffectiveFrom <= at)
            {
                return prices[i];
            }
        }

        return null;
    }

    /// <summary>All prices, oldest first.</summary>
    public IReadOnlyList<ModelPrice> History => Volatile.Read(ref _prices);
}

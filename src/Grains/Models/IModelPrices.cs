namespace GatoLink.Grains.Models;

/// <summary>A model's price history by name or alias, as this silo's replica of the registry holds it.</summary>
public interface IModelPrices
{
    /// <summary>The prices of the model <paramref name="nameOrAlias"/> names, or null when no such model is registered.</summary>
    PriceBook? PricesOf(string nameOrAlias);
}

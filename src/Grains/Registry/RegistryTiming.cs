namespace GatoLink.Grains.Registry;

/// <summary>How silos keep their registry subscription.</summary>
public static class RegistryTiming
{
    /// <summary>How often a silo renews.</summary>
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);

    /// <summary>How long a subscription lives without renewal.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);
}

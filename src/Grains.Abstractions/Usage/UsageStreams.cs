namespace GatoLink.Grains.Abstractions.Usage;

/// <summary>Names of the usage stream: its provider, namespace and shard keys.</summary>
public static class UsageStreams
{
    /// <summary>The stream provider's name (ADO.NET on PostgreSQL in a cluster, memory when embedded).</summary>
    public const string Provider = "usage";

    /// <summary>The stream namespace; every stream in it is consumed by a <see cref="IBillingGrain"/> of the same key.</summary>
    public const string Namespace = "usage";

    /// <summary>The key of shard <paramref name="shard"/>.</summary>
    public static string ShardKey(int shard) => $"shard-{shard}";
}

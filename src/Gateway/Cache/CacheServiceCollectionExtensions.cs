using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Gateway.Cache;

/// <summary>Registers the response cache: HybridCache with a silo's memory, and Redis as the shared level when <c>GatoLink:Redis</c> is set.</summary>
public static class CacheServiceCollectionExtensions
{
    /// <summary>The configuration section of <see cref="ResponseCacheOptions"/>.</summary>
    public const string Section = "GatoLink:Cache";

    /// <summary>The configuration key of the shared level's address.</summary>
    public const string RedisKey = "GatoLink:Redis";

    /// <summary>Adds <see cref="ResponseCache"/> and its store.</summary>
    public static IServiceCollection AddGatoLinkResponseCache(this IServiceCollection services)
    {
        services.AddOptions<ResponseCacheOptions>()
            .BindConfiguration(Section)
            .Configure<IConfiguration>((o, configuration) => o.Redis = configuration[RedisKey] is { Length: > 0 } redis ? redis : o.Redis)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // HybridCache takes the registered IDistributedCache as its shared level; none (the embedded default) keeps it
        // in memory only. Registered here and only here: nothing else in GatoLink uses IDistributedCache.
        services.AddSingleton<IDistributedCache>(SharedLevel);
        services.AddHybridCache(o =>
        {
            o.MaximumPayloadBytes = CacheCapture.MaxBytes + 64;
        });
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<KvSalts>();
        services.AddSingleton<SentenceEmbedder>();
        services.AddSingleton<SemanticIndex>();
        services.AddSingleton<RedisConnection>();
        services.AddSingleton<SemanticIndexSync>();
        services.AddHostedService(sp => sp.GetRequiredService<SemanticIndexSync>());
        return services;
    }

    private static IDistributedCache SharedLevel(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ResponseCacheOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return null!; // memory only: HybridCache finds no shared level
        }

        // The silo's one Redis connection, shared with the semantic index's sync.
        var connection = services.GetRequiredService<RedisConnection>();
        var redis = new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = connection.GetAsync, InstanceName = "" }));
        return new FailOpenDistributedCache(
            redis,
            services.GetRequiredService<TimeProvider>(),
            options.SharedRetryAfter,
            services.GetRequiredService<CacheInstruments>(),
            services.GetRequiredService<ILogger<FailOpenDistributedCache>>());
    }
}

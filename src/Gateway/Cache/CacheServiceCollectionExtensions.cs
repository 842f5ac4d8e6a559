using GatoLink.Grains.Telemetry;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

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
        return services;
    }

    private static IDistributedCache SharedLevel(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<ResponseCacheOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return null!; // memory only: HybridCache finds no shared level
        }

        var configuration = ConfigurationOptions.Parse(options.Redis);
        // Fail fast: a Redis that is away must cost a request little, and never keep a silo from starting.
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = (int)Math.Max(options.SharedTimeout.TotalMilliseconds * 4, 1000);
        configuration.SyncTimeout = (int)options.SharedTimeout.TotalMilliseconds;
        configuration.AsyncTimeout = (int)options.SharedTimeout.TotalMilliseconds;
        var redis = new RedisCache(Options.Create(new RedisCacheOptions { ConfigurationOptions = configuration, InstanceName = "" }));
        return new FailOpenDistributedCache(
            redis,
            services.GetRequiredService<TimeProvider>(),
            options.SharedRetryAfter,
            services.GetRequiredService<CacheInstruments>(),
            services.GetRequiredService<ILogger<FailOpenDistributedCache>>());
    }
}

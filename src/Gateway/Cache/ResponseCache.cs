using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Cache;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Telemetry;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// The response cache at the data plane's door: decides per request (the authenticated tenant's and key's policy, the
/// client's <c>x-gatolink-cache: bypass</c>), looks the request up, and stores a normally finished answer. Entries live
/// in HybridCache: a silo's memory, and Redis shared by every silo when <c>GatoLink:Redis</c> is set. The key is
/// scoped by the authenticated tenant only, never by anything the client sends.
/// </summary>
public sealed class ResponseCache
{
    /// <summary>The header of the client's opt-out and of every answer's status.</summary>
    public const string Header = "x-gatolink-cache";

    // Lookups only read: a miss must not put a null in the silo's memory (it would hide another silo's later store).
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    private readonly HybridCache _store;
    private readonly TenantDirectory _tenants;
    private readonly CacheInstruments _metrics;
    private readonly ResponseCacheOptions _options;
    private readonly SentenceEmbedder _embedder;
    private readonly SemanticIndex _index;
    private readonly SemanticIndexSync _sync;
    private readonly TimeProvider _time;

    /// <summary>Creates the cache over <paramref name="store"/>.</summary>
    public ResponseCache(HybridCache store, TenantDirectory tenants, CacheInstruments metrics, IOptions<ResponseCacheOptions> options, SentenceEmbedder embedder, SemanticIndex index, SemanticIndexSync sync, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _index = index;
        _sync = sync;
        _time = time;
        _store = store;
        _tenants = tenants;
        _metrics = metrics;
        _options = options.Value;
    }

    /// <summary>The policy <paramref name="key"/>'s requests run under (in memory: the key and tenant caches).</summary>
    public CachePolicy PolicyOf(ApiKeyEntry key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return CachePolicy.Effective(_tenants.Get(key.TenantId)?.Record.Cache, key.Record.Cache);
    }

    /// <summary>Decides and looks up one request.</summary>
    public async ValueTask<CacheLookup> LookupAsync(ApiKeyEntry key, ModelRoute model, InferenceKind kind, ReadOnlyMemory<byte> body, StringValues clientHeader, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(model);
        var policy = PolicyOf(key);
        if (policy.Mode == CacheMode.Off)
        {
            return CacheLookup.Off;
        }

        if (string.Equals(clientHeader, "bypass", StringComparison.OrdinalIgnoreCase))
        {
            _metrics.Looked("bypass", model.Name, key.TenantId);
            return new CacheLookup(CacheStatus.Bypass, null, null, policy);
        }

        var fingerprint = ExactKey.Compute(key.TenantId, kind, model.Name, body.Span);
        if (fingerprint.Sampled && !policy.CacheRandom)
        {
            _metrics.Looked("bypass", model.Name, key.TenantId);
            return new CacheLookup(CacheStatus.Bypass, null, null, policy);
        }

        if (await GetAsync(fingerprint.Key, ct) is { } answer)
        {
            return Hit(key, model, new CacheLookup(CacheStatus.Hit, fingerprint.Key, answer, policy));
        }

        if (policy.Mode != CacheMode.Semantic || fingerprint.Question is not { } question)
        {
            _metrics.Looked("miss", model.Name, key.TenantId);
            return new CacheLookup(CacheStatus.Miss, fingerprint.Key, null, policy);
        }

        // Semantic: the nearest earlier question of this partition above the policy's similarity, if its answer is still stored.
        var vector = _embedder.Embed(question);
        if (_index.Nearest(fingerprint.Partition, vector, policy.Similarity) is { } near && await GetAsync(near.Key, ct) is { } similar)
        {
            return Hit(key, model, new CacheLookup(CacheStatus.Hit, near.Key, similar, policy));
        }

        _metrics.Looked("miss", model.Name, key.TenantId);
        return new CacheLookup(CacheStatus.Miss, fingerprint.Key, null, policy, fingerprint.Partition, vector);
    }

    private async ValueTask<CachedAnswer?> GetAsync(string entryKey, CancellationToken ct) =>
        CachedAnswer.FromBytes(await _store.GetOrCreateAsync<byte[]?>(entryKey, static _ => ValueTask.FromResult<byte[]?>(null), ReadOnly, cancellationToken: ct));

    private CacheLookup Hit(ApiKeyEntry key, ModelRoute model, CacheLookup hit)
    {
        _metrics.Looked("hit", model.Name, key.TenantId);
        _metrics.Saved((long)hit.Answer!.PromptTokens + hit.Answer.CompletionTokens, model.Name, key.TenantId);
        return hit;
    }

    /// <summary>Stores a normally finished answer of a miss for the policy's time to live.</summary>
    public async ValueTask StoreAsync(CacheLookup lookup, CachedAnswer answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(answer);
        if (!lookup.Stores)
        {
            return;
        }

        var ttl = TimeSpan.FromSeconds(lookup.Policy.TtlSeconds);
        var options = new HybridCacheEntryOptions
        {
            Expiration = ttl,
            LocalCacheExpiration = ttl < _options.LocalExpiration ? ttl : _options.LocalExpiration,
        };
        await _store.SetAsync(lookup.Key!, answer.ToBytes(), options, cancellationToken: ct);
        if (lookup is { Partition: { } partition, Vector: { } vector })
        {
            // Indexed here at once, and on every other silo through Redis (when configured) shortly after.
            var entry = new SemanticEntry(partition, lookup.Key!, _time.GetUtcNow() + ttl, vector);
            _index.Add(entry);
            _sync.Share(entry);
        }
    }
}

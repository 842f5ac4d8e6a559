using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// KV-cache isolation: a tenant with <c>kv_isolation</c> gets a <c>cache_salt</c> of its own, HMAC-SHA256 of its id
/// under a secret of the cluster (<see cref="ResponseCacheOptions.SaltKey"/>, else derived from the admin key every silo
/// of a cluster shares, else random per process). The salt is not the tenant id and cannot be guessed from it, so
/// another tenant can neither name it nor time it: with different salts vLLM's prefix cache shares no block, and one
/// tenant's prompts cannot be probed by another's time to first token. The same on every silo of a cluster, so prefix
/// affinity still works.
/// </summary>
public sealed class KvSalts
{
    private readonly TenantDirectory _tenants;
    private readonly byte[] _secret;

    /// <summary>Creates the salts from the configured secret.</summary>
    public KvSalts(TenantDirectory tenants, IOptions<ResponseCacheOptions> options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        _tenants = tenants;
        var configured = options.Value.SaltKey is { Length: > 0 } key ? key
            : configuration["GatoLink:AdminKey"] is { Length: > 0 } admin ? "kv-salt:" + admin
            : null;
        _secret = configured is null
            ? RandomNumberGenerator.GetBytes(32)
            : SHA256.HashData(Encoding.UTF8.GetBytes(configured));
    }

    /// <summary>The salt of <paramref name="key"/>'s tenant when it asked for isolation; null otherwise (in memory: the tenant cache).</summary>
    public KvSalt? For(ApiKeyEntry key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_tenants.Get(key.TenantId)?.Record.KvIsolation != true)
        {
            return null;
        }

        Span<byte> id = stackalloc byte[16];
        key.TenantId.TryWriteBytes(id);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_secret, id, mac);
        var seed = BinaryPrimitives.ReadUInt64LittleEndian(mac);
        return new KvSalt(Convert.ToHexStringLower(mac[..16]), seed == 0 ? 1 : seed);
    }
}

using System.Diagnostics;
using System.Text;
using GatoLink.Gateway.Attribution;
using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Attribution;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Tenants;
using Microsoft.Extensions.Primitives;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Bench.Attribution;

/// <summary>
/// What tags add to a /v1 request's own work: parsing the body and resolving its tags, with none versus ten (five from
/// metadata, user, four from the header, under a key with an allowed-keys list). One thread, after a warm-up.
/// </summary>
internal static class TagHotPath
{
    public static (double P50Us, double P99Us, double BytesPerCall) Measure(bool tagged, int iterations)
    {
        var tenantId = Guid.NewGuid();
        var tenants = new TenantDirectory();
        tenants.Upsert(new TenantRecord(tenantId, "bench", Limits.None, false, DateTimeOffset.UtcNow));
        var allowed = new[] { "customer", "feature", "team", "env", "region", "user", "app", "project", "cost_center", "tier" };
        var key = new ApiKeyEntry(new ApiKeyRecord(Guid.NewGuid(), tenantId, "k", "gl-", new byte[32], ApiKeyRole.User, ApiKeyStatus.Active, null,
            Limits.None, [], DateTimeOffset.UtcNow, tagged ? new TagPolicy(new Dictionary<string, string>(), allowed) : null));
        var resolver = new RequestTags(tenants);
        var metadata = tagged
            ? ",\"metadata\":{\"customer\":\"acme\",\"feature\":\"search\",\"team\":\"ranking\",\"env\":\"prod\",\"region\":\"eu-west\"},\"user\":\"alice@example.com\""
            : "";
        var body = Encoding.UTF8.GetBytes("{\"model\":\"demo-8b\",\"max_tokens\":64,\"messages\":[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Summarise the attached quarterly report in three bullet points, please.\"}]" + metadata + "}");
        var header = tagged ? new StringValues("app=web,project=apollo,cost_center=cc-42,tier=gold") : StringValues.Empty;

        var samples = new double[iterations];
        for (var round = 0; round < 2; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < iterations; i++)
            {
                var start = Stopwatch.GetTimestamp();
                var parsed = InferenceRequestParser.Parse(body, InferenceKind.Chat, out _)!;
                var (tags, error) = resolver.Resolve(key, parsed, header);
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                if (error is not null || (tags?.Count ?? 0) != (tagged ? 10 : 0))
                {
                    throw new InvalidOperationException($"expected {(tagged ? 10 : 0)} tags, got {tags?.Count}: {error?.Message}");
                }
            }

            if (round == 1)
            {
                var bytes = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)iterations;
                Array.Sort(samples);
                return (samples[iterations / 2], samples[(int)(iterations * 0.99)], bytes);
            }
        }

        throw new UnreachableException();
    }
}

using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Bench.Ledger;

/// <summary>Deterministic synthetic usage: tenants × keys × models, token counts and TTFT spread like real traffic.</summary>
internal sealed class EventShape(int tenants, int keysPerTenant, string[] models)
{
    public Guid Tenant(int t) => new(t + 1, 0, 0, [0x80, 0, 0, 0, 0, 0, 0, 1]);

    public UsageEvent Event(int i, DateTimeOffset at)
    {
        var t = i % tenants;
        var k = (i / tenants) % keysPerTenant;
        var status = (i % 50) switch
        {
            0 => UsageStatus.UpstreamError,
            1 => UsageStatus.Timeout,
            2 => UsageStatus.ClientDisconnect,
            _ => UsageStatus.Success,
        };
        var prompt = 50 + (i % 700);
        var completion = 20 + (i % 300);
        return new UsageEvent(
            Guid.CreateVersion7(at),
            $"req-{i}",
            1,
            Tenant(t),
            new Guid(t + 1, (short)(k + 1), 0, [0x80, 0, 0, 0, 0, 0, 0, 2]),
            models[i % models.Length],
            $"node-{i % 8}",
            prompt,
            completion,
            prompt + (3L * completion),
            status,
            status == UsageStatus.UpstreamError ? 502 : 200,
            status == UsageStatus.UpstreamError ? null : 30 + (i % 900),
            200 + (i % 4000),
            "silo-bench",
            at);
    }
}

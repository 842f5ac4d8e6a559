using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>Usage events for ledger tests: deterministic tokens, cost from a price, spread over a few keys and models.</summary>
internal static class LedgerSamples
{
    public static readonly Guid Tenant = Guid.Parse("6a1f8c2e-0000-4000-8000-000000000001");
    public static readonly Guid OtherTenant = Guid.Parse("6a1f8c2e-0000-4000-8000-000000000002");
    public static readonly Guid KeyA = Guid.Parse("6a1f8c2e-0000-4000-8000-00000000000a");
    public static readonly Guid KeyB = Guid.Parse("6a1f8c2e-0000-4000-8000-00000000000b");

    public static UsageEvent Event(int i, DateTimeOffset at, long costMicros = -1, Guid? tenant = null, Guid? key = null, string model = "demo-8b")
    {
        var status = (i % 10) switch
        {
            7 => UsageStatus.UpstreamError,
            8 => UsageStatus.Timeout,
            9 => UsageStatus.ClientDisconnect,
            _ => UsageStatus.Success,
        };
        var prompt = 10 + (i % 50);
        var completion = status == UsageStatus.UpstreamError ? 0 : 5 + (i % 100);
        return new UsageEvent(
            Guid.CreateVersion7(at),
            $"req-{i}",
            1 + (i % 2),
            tenant ?? Tenant,
            key ?? (i % 3 == 0 ? KeyB : KeyA),
            model,
            $"node-{i % 4}",
            prompt,
            completion,
            costMicros >= 0 ? costMicros : prompt + (2L * completion),
            status,
            status == UsageStatus.UpstreamError ? 502 : 200,
            status == UsageStatus.UpstreamError ? null : 20 + (i % 400),
            100 + (i % 1000),
            "silo-test",
            at);
    }

    public static List<UsageEvent> Events(int count, DateTimeOffset at) =>
        Enumerable.Range(0, count).Select(i => Event(i, at.AddMilliseconds(i))).ToList();
}

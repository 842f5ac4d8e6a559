using GatoLink.Grains.Abstractions.Usage;

namespace GatoLink.Silo.Ledger;

/// <summary>One <c>usage_daily</c> row's increment, summed in memory (the SQLite writer's rollup).</summary>
internal sealed class DailyRollup
{
    public long Requests { get; private set; }

    public long PromptTokens { get; private set; }

    public long CompletionTokens { get; private set; }

    public long CostMicros { get; private set; }

    public long Errors { get; private set; }

    public long TtftCount { get; private set; }

    public double TtftSumMs { get; private set; }

    public double GpuMs { get; private set; }

    public long GpuCostMicros { get; private set; }

    public long[] Buckets { get; } = new long[TtftHistogram.BucketCount];

    public void Add(UsageEvent e)
    {
        Requests++;
        PromptTokens += e.PromptTokens;
        CompletionTokens += e.CompletionTokens;
        CostMicros += e.CostMicros;
        GpuMs += e.GpuMs;
        GpuCostMicros += e.GpuCostMicros;
        if (UsageStatusText.IsError(e.Status))
        {
            Errors++;
        }

        if (e.TimeToFirstTokenMs is { } ttft)
        {
            TtftCount++;
            TtftSumMs += ttft;
            Buckets[TtftHistogram.BucketOf(ttft)]++;
        }
    }
}

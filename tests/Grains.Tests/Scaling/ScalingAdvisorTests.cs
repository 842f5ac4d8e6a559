using GatoLink.PerSilo.Scaling;

namespace GatoLink.Grains.Tests.Scaling;

public sealed class ScalingAdvisorTests
{
    private static readonly ScalingTargets Targets = new() { MinNodes = 1, MaxNodes = 8, QueueWaitP95 = TimeSpan.FromSeconds(2), KvUsage = 0.8, WaitingPerNode = 2 };

    [Fact]
    public void A_queue_wait_over_target_asks_for_nodes_in_proportion()
    {
        var (desired, reason) = ScalingAdvisor.Recommend(new ScalingSignals(2, 10, 1, 0.5, 4, QueueWaitP95Seconds: 5), Targets);
        Assert.Equal(ScalingReason.QueueWait, reason);
        Assert.Equal(5, desired); // ceil(2 × 5 / 2)
    }

    [Fact]
    public void The_signal_furthest_over_its_target_decides()
    {
        var (desired, reason) = ScalingAdvisor.Recommend(new ScalingSignals(2, 10, Waiting: 12, KvUsage: 0.9, Queued: 0, QueueWaitP95Seconds: 0), Targets);
        Assert.Equal(ScalingReason.EngineQueue, reason); // 6 per node is 3× its target; KV is 1.125×
        Assert.Equal(6, desired);
    }

    [Fact]
    public void Just_over_a_target_adds_at_least_one_node_and_never_passes_the_maximum()
    {
        Assert.Equal((4, ScalingReason.KvCache), ScalingAdvisor.Recommend(new ScalingSignals(3, 10, 0, 0.81, 0, 0), Targets));
        Assert.Equal((8, ScalingReason.QueueWait), ScalingAdvisor.Recommend(new ScalingSignals(4, 10, 0, 0.5, 50, 60), Targets));
    }

    [Fact]
    public void Idle_goes_to_the_minimum_and_busy_within_targets_stays()
    {
        Assert.Equal((1, ScalingReason.Idle), ScalingAdvisor.Recommend(new ScalingSignals(4, 0, 0, 0.1, 0, 0), Targets));
        // The last minute's queue waits do not count once nothing runs, waits or queues.
        Assert.Equal((1, ScalingReason.Idle), ScalingAdvisor.Recommend(new ScalingSignals(4, 0, 0, 0.1, 0, QueueWaitP95Seconds: 9), Targets));
        Assert.Equal((4, ScalingReason.Steady), ScalingAdvisor.Recommend(new ScalingSignals(4, 20, 2, 0.6, 0, 0.5), Targets));
    }

    [Fact]
    public void A_model_with_no_node_and_waiting_work_asks_for_one()
    {
        Assert.Equal((1, ScalingReason.EngineQueue), ScalingAdvisor.Recommend(new ScalingSignals(0, 0, 3, null, 0, 0), new ScalingTargets { MinNodes = 0, MaxNodes = 8 }));
    }
}

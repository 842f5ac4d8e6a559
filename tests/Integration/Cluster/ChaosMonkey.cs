using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>What the chaos did, by kind.</summary>
public enum ChaosFault
{
    /// <summary>A silo SIGKILLed, then started again on its data directory.</summary>
    SiloKill,

    /// <summary>A silo SIGTERMed (it drains and leaves), then started again.</summary>
    SiloTerm,

    /// <summary>A node stopped (its open requests cut), then started again on its address.</summary>
    NodeRestart,

    /// <summary>PostgreSQL stopped (fast) and started again.</summary>
    PostgresRestart,
}

/// <summary>
/// One fault at a time, at random (seeded), against a <see cref="ProcessCluster"/>, its nodes and PostgreSQL, until
/// stopped; what is down leaves the traffic's rotation and comes back when it is up. At most one silo is down at a
/// time, so the cluster always has two. The nodes run in the test process: a node "kill" stops it, cutting its open
/// requests, and starts a new one on the same address.
/// </summary>
public sealed class ChaosMonkey
{
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(120);

    private readonly ProcessCluster _cluster;
    private readonly List<NodeSimServer> _nodes;
    private readonly Func<NodeSimOptions> _nodeOptions;
    private readonly PostgresFixture _postgres;
    private readonly TrafficLog _traffic;
    private readonly Random _random;
    private readonly List<(ChaosFault Fault, int Target, TimeSpan At)> _done = [];
    private long _retiredNodeTokens;

    /// <summary>Creates the monkey.</summary>
    public ChaosMonkey(ProcessCluster cluster, List<NodeSimServer> nodes, Func<NodeSimOptions> nodeOptions, PostgresFixture postgres, TrafficLog traffic, int seed)
    {
        _cluster = cluster;
        _nodes = nodes;
        _nodeOptions = nodeOptions;
        _postgres = postgres;
        _traffic = traffic;
        _random = new Random(seed);
    }

    /// <summary>The faults, in order, with their target and time on the traffic's clock.</summary>
    public IReadOnlyList<(ChaosFault Fault, int Target, TimeSpan At)> Done => _done;

    /// <summary>Tokens every node generated, the stopped incarnations included.</summary>
    public long NodeTokens => _retiredNodeTokens + _nodes.Sum(n => n.Engine.GenerationTokensTotal);

    /// <summary>Faults until <paramref name="stop"/>, a pause of 2–5 s between two; everything is up again when it returns.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(2000, 5000)), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var roll = _random.Next(100);
            var fault = roll switch
            {
                < 35 => ChaosFault.SiloKill,
                < 60 => ChaosFault.SiloTerm,
                < 80 => ChaosFault.NodeRestart,
                _ => _postgres.CanControlServer ? ChaosFault.PostgresRestart : ChaosFault.NodeRestart,
            };
            var target = fault switch
            {
                ChaosFault.SiloKill or ChaosFault.SiloTerm => _random.Next(_cluster.Silos.Count),
                ChaosFault.NodeRestart => _random.Next(_nodes.Count),
                _ => 0,
            };
            _done.Add((fault, target, _traffic.Now));
            await ApplyAsync(fault, target);
        }
    }

    private async Task ApplyAsync(ChaosFault fault, int target)
    {
        switch (fault)
        {
            case ChaosFault.SiloKill:
                _traffic.Exclude(target);
                _cluster.Silos[target].Kill();
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(1000, 3000)));
                await RestartSiloAsync(target);
                break;
            case ChaosFault.SiloTerm:
                _traffic.Exclude(target);
                await _cluster.Silos[target].TerminateAsync(TimeSpan.FromSeconds(60));
                await RestartSiloAsync(target);
                break;
            case ChaosFault.NodeRestart:
                var old = _nodes[target];
                var url = old.BaseUrl.ToString();
                // Counted after the stop: open requests generate on while it drains.
                await old.DisposeAsync();
                _retiredNodeTokens += old.Engine.GenerationTokensTotal;
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(500, 2000)));
                _nodes[target] = await NodeSimServer.StartAsync(_nodeOptions(), url);
                break;
            case ChaosFault.PostgresRestart:
                await _postgres.StopServerAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(_random.Next(1000, 3000)));
                await _postgres.StartServerAsync();
                break;
        }
    }

    private async Task RestartSiloAsync(int index)
    {
        // One fault at a time: PostgreSQL is up, so the silo must come back within the bound.
        await _cluster.RestartAsync(index, ReadyWithin);
        _traffic.Include(index);
    }
}

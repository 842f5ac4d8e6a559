using GatoLink.Grains.Tests.Quotas;
using GatoLink.PerSilo.Nodes;

namespace GatoLink.Grains.Tests.Nodes;

/// <summary>Processor sharing of one node's time, on a clock the test moves.</summary>
public sealed class GpuShareClockTests
{
    [Fact]
    public void EachIntervalIsSplitAmongWhatRanDuringItAndTheOtherSilosCountAppliesFromItsReportOn()
    {
        var time = new FakeTimeProvider();
        var clock = new GpuShareClock(time);
        static TimeSpan ms(double value) => TimeSpan.FromMilliseconds(value);

        var a = clock.Enter(1);                 // 0–100 ms: a alone
        time.Advance(ms(100));
        var b = clock.Enter(2);                 // 100–200 ms: a and b's two sequences, a third each
        time.Advance(ms(100));
        clock.SetOthers(1);                     // 200–300 ms: and another silo's request, a quarter each
        time.Advance(ms(100));
        var chargedA = clock.Leave(1, a);
        Assert.Equal(100 + (100.0 / 3) + 25, chargedA, precision: 9);
        time.Advance(ms(60));                   // 300–360 ms: b's two and the other silo's, a third each
        var chargedB = clock.Leave(2, b);
        Assert.Equal(2 * ((100.0 / 3) + 25 + 20), chargedB, precision: 9);

        // What this silo ran adds up to the node's 360 busy ms less the other silo's share of them.
        Assert.Equal(360 - 25 - 20, chargedA + chargedB, precision: 9);
        time.Advance(ms(500));                  // idle: nothing is charged
        var c = clock.Enter(1);
        clock.SetOthers(0);
        time.Advance(ms(10));
        Assert.Equal(10, clock.Leave(1, c), precision: 9);
    }
}

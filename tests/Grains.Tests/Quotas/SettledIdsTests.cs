using GatoLink.Grains.Quotas;

namespace GatoLink.Grains.Tests.Quotas;

/// <summary>
/// A settlement sent again within the retention window is recognised whether the limiter holds a few settled ids
/// (scanned) or many (indexed), and forgotten once the window has passed.
/// </summary>
public sealed class SettledIdsTests
{
    private readonly FakeTimeProvider _time = new();

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(40)]
    public void EverySettledIdIsKnownWithinTheWindowAndForgottenAfterIt(int count)
    {
        var settled = new SettledIds();
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            settled.Add(id, _time.GetTimestamp());
            settled.Add(id, _time.GetTimestamp());
        }

        Assert.All(ids, id => Assert.True(settled.Contains(id)));
        Assert.False(settled.Contains(Guid.NewGuid()));

        _time.Advance(SettledIds.Retention + TimeSpan.FromSeconds(1));
        Assert.False(settled.Forget(_time.GetTimestamp(), _time));
        Assert.All(ids, id => Assert.False(settled.Contains(id)));
    }

    [Fact]
    public void IdsStillInTheWindowAreKeptWhenOlderOnesGo()
    {
        var settled = new SettledIds();
        var old = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();
        old.ForEach(id => settled.Add(id, _time.GetTimestamp()));
        _time.Advance(SettledIds.Retention / 2);
        var recent = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToList();
        recent.ForEach(id => settled.Add(id, _time.GetTimestamp()));

        _time.Advance(SettledIds.Retention / 2 + TimeSpan.FromSeconds(1));

        Assert.True(settled.Forget(_time.GetTimestamp(), _time));
        Assert.All(recent, id => Assert.True(settled.Contains(id)));
        Assert.All(old, id => Assert.False(settled.Contains(id)));
    }
}

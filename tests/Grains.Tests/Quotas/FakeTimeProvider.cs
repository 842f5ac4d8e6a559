namespace GatoLink.Grains.Tests.Quotas;

/// <summary>A clock that moves only when the test says so.</summary>
internal sealed class FakeTimeProvider : TimeProvider
{
    private long _utcTicks;

    public FakeTimeProvider(DateTimeOffset start) => _utcTicks = start.UtcTicks;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 3, 15, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override long GetTimestamp() => Interlocked.Read(ref _utcTicks);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    public void SetUtcNow(DateTimeOffset to) => Interlocked.Exchange(ref _utcTicks, to.UtcTicks);
}

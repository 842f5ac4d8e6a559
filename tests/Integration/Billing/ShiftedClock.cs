namespace GatoLink.Integration.Tests.Billing;

/// <summary>
/// The invoices' clock in billing tests: "now" is the moment the test set, and stays there until it sets another
/// (timers and elapsed-time stamps of the base <see cref="TimeProvider"/> run on real time).
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _utcTicks = System.GetUtcNow().UtcTicks;

    /// <summary>From now on, "now" is <paramref name="at"/>.</summary>
    public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _utcTicks, at.UtcTicks);

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);
}

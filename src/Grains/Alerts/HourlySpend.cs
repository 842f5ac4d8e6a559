using GatoLink.Grains.Abstractions.Alerts;

namespace GatoLink.Grains.Alerts;

/// <summary>
/// A key's spend per UTC hour over the last 7 days and one, in memory of its grain, for the spend anomaly alert: the
/// current hour's spend over <c>factor</c> times the trailing 7-day hourly average (the 168 hours before it) raises
/// one event per hour. The average is over the hours this activation has watched when that is less than a week, and
/// needs at least <see cref="MinHistoryHours"/> of them and some spend (else every first request would be an anomaly).
/// </summary>
public sealed class HourlySpend(Guid keyId, Guid tenantId)
{
    private const int TrailingHours = 168;

    /// <summary>Hours watched before an anomaly can fire.</summary>
    public const int MinHistoryHours = 24;

    private long _firstHour = long.MinValue;
    private readonly Dictionary<long, long> _byHour = [];
    private long _raisedHour = long.MinValue;

    /// <summary>Books <paramref name="costMicros"/> at <paramref name="now"/>; returns the anomaly event when this spend makes one.</summary>
    public OutboxEvent? Add(long costMicros, DateTimeOffset now, double? factor)
    {
        var hour = now.UtcTicks / TimeSpan.TicksPerHour;
        if (_firstHour == long.MinValue)
        {
            _firstHour = hour;
        }
        _byHour[hour] = _byHour.GetValueOrDefault(hour) + costMicros;
        foreach (var old in _byHour.Keys.Where(h => h < hour - TrailingHours).ToList())
        {
            _byHour.Remove(old);
        }

        if (factor is not { } f || _raisedHour == hour)
        {
            return null;
        }

        var watched = Math.Min(TrailingHours, hour - _firstHour);
        if (watched < MinHistoryHours)
        {
            return null;
        }

        var average = _byHour.Where(p => p.Key < hour).Sum(p => (double)p.Value) / watched;
        var spent = _byHour[hour];
        if (average <= 0 || spent <= f * average)
        {
            return null;
        }

        _raisedHour = hour;
        var start = new DateTimeOffset(hour * TimeSpan.TicksPerHour, TimeSpan.Zero);
        return new OutboxEvent(
            AlertData.IdOf($"anomaly|{keyId:N}|{hour}"),
            tenantId,
            OutboxEventKind.SpendAnomaly,
            $"Key {keyId} spent {spent} µUSD in the hour from {start:u}, over {f}× its trailing 7-day hourly average of {average:F0} µUSD.",
            AlertData.Json(new AlertData.SpendAnomaly(keyId, tenantId, start, spent, Math.Round(average, 1), f)),
            now);
    }
}

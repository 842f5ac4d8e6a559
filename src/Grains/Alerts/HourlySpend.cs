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

    // Hours with spend, oldest first, at most 169 and usually a handful: an exact-size array (re-made once an hour)
    // rather than a dictionary, whose buckets and entries would cost an active key's grain a few hundred bytes.
    private (long Hour, long Micros)[] _byHour = [];
    private long _raisedHour = long.MinValue;

    /// <summary>Books <paramref name="costMicros"/> at <paramref name="now"/>; returns the anomaly event when this spend makes one.</summary>
    public OutboxEvent? Add(long costMicros, DateTimeOffset now, double? factor)
    {
        var hour = now.UtcTicks / TimeSpan.TicksPerHour;
        if (_firstHour == long.MinValue)
        {
            _firstHour = hour;
        }

        Book(hour, costMicros);
        if (factor is not { } f || _raisedHour == hour)
        {
            return null;
        }

        var watched = Math.Min(TrailingHours, hour - _firstHour);
        if (watched < MinHistoryHours)
        {
            return null;
        }

        var before = 0.0;
        var spent = 0L;
        foreach (var (h, micros) in _byHour)
        {
            if (h < hour)
            {
                before += micros;
            }
            else if (h == hour)
            {
                spent = micros;
            }
        }

        var average = before / watched;
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

    // Adds to the hour's spend and drops the hours older than the trailing week (plain loops: this runs per settlement).
    private void Book(long hour, long costMicros)
    {
        var insert = _byHour.Length;
        for (var i = 0; i < _byHour.Length; i++)
        {
            if (_byHour[i].Hour == hour)
            {
                _byHour[i].Micros += costMicros;
                insert = -1;
                break;
            }

            if (_byHour[i].Hour > hour)
            {
                insert = i;
                break;
            }
        }

        if (insert >= 0)
        {
            var grown = new (long Hour, long Micros)[_byHour.Length + 1];
            _byHour.AsSpan(0, insert).CopyTo(grown);
            grown[insert] = (hour, costMicros);
            _byHour.AsSpan(insert).CopyTo(grown.AsSpan(insert + 1));
            _byHour = grown;
        }

        var old = 0;
        while (old < _byHour.Length && _byHour[old].Hour < hour - TrailingHours)
        {
            old++;
        }

        if (old > 0)
        {
            _byHour = _byHour[old..];
        }
    }
}

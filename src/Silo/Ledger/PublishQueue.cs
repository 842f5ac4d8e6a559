using System.Collections.Concurrent;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Grains.Telemetry;

namespace GatoLink.Silo.Ledger;

/// <summary>
/// What <see cref="UsageForwarder"/>'s loop publishes next and what becomes of it: a run not acknowledged in time again,
/// events the spool could not take, or the next run of the spool (at most <see cref="LedgerOptions.MaxInFlight"/> runs
/// on their way); a failed publish put back where it came from; acknowledged runs deleted from the spool.
/// </summary>
internal sealed class PublishQueue(
    UsageSpool spool, InFlightRuns inFlight, UsageOverflow overflow, LedgerOptions options, string siloId, TimeProvider time, ILogger logger, LedgerInstruments? instruments)
{
    /// <summary>The next batch to publish: a timed-out one again, events the spool could not take, or the next run of the spool.</summary>
    public async Task<(UsageBatch? Batch, long Cursor)> NextAsync(long cursor, IUsageAckObserver? ackTo)
    {
        var now = time.GetUtcNow();
        foreach (var (first, last) in inFlight.Due(now, options.AckTimeout))
        {
            var again = await spool.ReadRangeAsync(first, last, options.BatchSize).ConfigureAwait(false);
            if (again.Count == 0)
            {
                inFlight.Forget(first);
                continue;
            }

            inFlight.Resent(first, now);
            return (new UsageBatch(siloId, first, last, again.Select(e => e.Event).ToList(), ackTo), cursor);
        }

        if (!overflow.IsEmpty)
        {
            // Still on their way until the stream has them (then the ledger shortly); not in the spool: nothing to
            // acknowledge.
            return (new UsageBatch(siloId, 0, 0, overflow.Take(options.BatchSize), null), cursor);
        }

        if (inFlight.Count >= options.MaxInFlight)
        {
            return (null, cursor);
        }

        var read = await spool.ReadAfterAsync(cursor, options.BatchSize).ConfigureAwait(false);
        var run = read.Events;
        var quarantined = read.Quarantined;
        if (quarantined > 0)
        {
            instruments?.Quarantined(quarantined);
            instruments?.EventsAbandoned(quarantined);
            LedgerLog.RowsQuarantined(logger, quarantined, spool.Path);
        }

        if (run.Count == 0)
        {
            return (null, cursor);
        }

        var firstSeq = run[0].Sequence;
        var lastSeq = run[^1].Sequence;
        inFlight.Add(firstSeq, lastSeq, now);
        return (new UsageBatch(siloId, firstSeq, lastSeq, run.Select(e => e.Event).ToList(), ackTo), lastSeq);
    }

    /// <summary>A publish failed: put the batch back where it came from; returns the cursor to read on from.</summary>
    public long Unsend(UsageBatch batch, long cursor)
    {
        if (batch.FirstSequence == 0)
        {
            overflow.PutBack(batch.Events);
            return cursor;
        }

        return inFlight.Unsend(batch.FirstSequence, cursor);
    }

    /// <summary>Deletes the runs the ledger acknowledged (<paramref name="acks"/>) from the spool and forgets them.</summary>
    public async Task ApplyAcksAsync(ConcurrentQueue<(long First, long Last)> acks)
    {
        List<(long First, Task<long> Deleted)>? pending = null;
        while (acks.TryDequeue(out var ack))
        {
            // Sequence numbers are never reused (a replaced spool continues above the old one), so a late
            // acknowledgement from an earlier run still names exactly the rows the ledger holds.
            (pending ??= []).Add((ack.First, spool.DeleteAsync(ack.First, ack.Last)));
        }

        if (pending is null)
        {
            return;
        }

        foreach (var (first, deleted) in pending)
        {
            try
            {
                instruments?.EventsAcknowledged((int)await deleted.ConfigureAwait(false));
                inFlight.Forget(first);
            }
            catch (SpoolUnavailableException ex)
            {
                // The rows stay and are sent again after the ack timeout; the ledger drops the repeat.
                instruments?.SpoolFailed(ex.Reason);
                LedgerLog.SpoolReadFailed(logger, ex, spool.Path);
            }
        }
    }
}

namespace GatoLink.Silo.Ledger;

/// <summary>A write <see cref="UsageSpool"/>'s writer loop commits in a group: its result is a sequence number or a row count.</summary>
internal abstract class SpoolWrite
{
    /// <summary>Completed once the group that holds the write committed (or failed).</summary>
    public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>One event appended; the result is its sequence number.</summary>
    public sealed class Append(string payload, long ticks) : SpoolWrite
    {
        /// <summary>The event as JSON.</summary>
        public string Payload { get; } = payload;

        /// <summary>The event's timestamp (UTC ticks), for <see cref="UsageSpool.OldestTimestamp"/>.</summary>
        public long Ticks { get; } = ticks;
    }

    /// <summary>An acknowledged run deleted; the result is how many rows went.</summary>
    public sealed class Delete(long first, long last) : SpoolWrite
    {
        /// <summary>First sequence number of the run.</summary>
        public long First { get; } = first;

        /// <summary>Last sequence number of the run.</summary>
        public long Last { get; } = last;
    }

    /// <summary>Rows that no longer decode moved to the quarantine table; the result is how many moved.</summary>
    public sealed class Quarantine(IReadOnlyList<(long Seq, string? Payload, string Reason)> rows) : SpoolWrite
    {
        /// <summary>The rows, each with the reason it could not be read.</summary>
        public IReadOnlyList<(long Seq, string? Payload, string Reason)> Rows { get; } = rows;
    }
}

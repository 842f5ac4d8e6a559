namespace GatoLink.Bench.Failover;

/// <summary>What one silo start against a database of <paramref name="Keys"/> keys measured (times in ms, RSS in bytes).</summary>
/// <param name="Keys">Keys in the database.</param>
/// <param name="SeedMs">The COPY (and ANALYZE) of the keys.</param>
/// <param name="StartMs">Process start to <c>/readyz</c> 200.</param>
/// <param name="StartCpuMs">CPU time the silo process had used when it was ready.</param>
/// <param name="RowsReadAtStart">Rows of api_keys PostgreSQL read from before the start until RSS was taken after it.</param>
/// <param name="RssStart">Settled RSS after the start.</param>
/// <param name="FirstMs">The first request the silo served, a cold limited key.</param>
/// <param name="FirstStatus">Its status.</param>
/// <param name="ColdLimitedMs">Cold limited keys on the warm silo, one by one.</param>
/// <param name="ColdUnlimitedMs">Cold unlimited keys on the warm silo, one by one.</param>
/// <param name="WarmMs">One key already used, the same number of times.</param>
/// <param name="RssWarm">Settled RSS after those.</param>
/// <param name="UsedPerKind">Keys of each kind given one request each.</param>
/// <param name="RssControl">Settled RSS after as many requests of one warm key (the control).</param>
/// <param name="RssLimited">Settled RSS after the limited keys' requests.</param>
/// <param name="RssUnlimited">Settled RSS after the unlimited keys' requests as well.</param>
/// <param name="GrainActivations">Key grain activations the silo logged.</param>
/// <param name="LimitedKeysUsed">Distinct limited keys the bench used.</param>
/// <param name="UnlimitedKeysUsed">Distinct unlimited keys the bench used (they need no grain).</param>
/// <param name="Failures">Requests not answered 200.</param>
public sealed record KeyStartResult(
    int Keys,
    double SeedMs,
    double StartMs,
    double StartCpuMs,
    long RowsReadAtStart,
    long RssStart,
    double FirstMs,
    int FirstStatus,
    IReadOnlyList<double> ColdLimitedMs,
    IReadOnlyList<double> ColdUnlimitedMs,
    IReadOnlyList<double> WarmMs,
    long RssWarm,
    int UsedPerKind,
    long RssControl,
    long RssLimited,
    long RssUnlimited,
    int GrainActivations,
    int LimitedKeysUsed,
    int UnlimitedKeysUsed,
    int Failures);

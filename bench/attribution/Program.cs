// Attribution benchmark.
// (1) Hot-path cost of attribution tags: parsing a chat body and resolving its tags, none vs ten (p50/p99, bytes).
// (2) Usage grouped by a tag over a large ledger on PostgreSQL (raw rows; the rollups hold no tags).
// Usage: GatoLink.Bench.Attribution <admin connection string> [ledger rows=1000000] [iterations=200000]
using System.Globalization;
using GatoLink.Bench.Attribution;
using Npgsql;

var admin = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("GATOLINK_BENCH_PG")
    ?? throw new InvalidOperationException("Pass a PostgreSQL connection string (or set GATOLINK_BENCH_PG).");
var rows = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var iterations = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200_000;

var none = TagHotPath.Measure(tagged: false, iterations);
var ten = TagHotPath.Measure(tagged: true, iterations);
Console.WriteLine(FormattableString.Invariant($"hot path (parse body + resolve tags), {iterations:N0} calls each:"));
Console.WriteLine(FormattableString.Invariant($"  no tags: p50 {none.P50Us:F2} µs, p99 {none.P99Us:F2} µs, {none.BytesPerCall:F0} B allocated"));
Console.WriteLine(FormattableString.Invariant($"  10 tags: p50 {ten.P50Us:F2} µs, p99 {ten.P99Us:F2} µs, {ten.BytesPerCall:F0} B allocated"));
Console.WriteLine(FormattableString.Invariant($"  added by 10 tags: p50 {ten.P50Us - none.P50Us:F2} µs, p99 {ten.P99Us - none.P99Us:F2} µs"));

var name = $"gatolink_bench_tags_{Guid.NewGuid():N}";
await using (var connection = new NpgsqlConnection(admin))
{
    await connection.OpenAsync();
    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
    await create.ExecuteNonQueryAsync();
}

await TagQuery.RunAsync(new NpgsqlConnectionStringBuilder(admin) { Database = name, CommandTimeout = 0 }.ConnectionString, rows);

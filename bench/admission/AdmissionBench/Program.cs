using GatoLink.Bench.Admission;

// Usage:
//   AdmissionBench key <silo-url> <admin-key>   → creates a tenant and a key with every kind of limit (set high
//                                                  enough never to refuse at bench load) and prints the secret
//   AdmissionBench pgstats <connection-string>  → prints "lease_calls=N xact_commit=M" (pg_stat_statements)
return args switch
{
    ["key", var url, var admin] => await BenchKey.CreateAsync(new Uri(url), admin),
    ["pgstats", var connection] => await PgStats.PrintAsync(connection),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: AdmissionBench key <silo-url> <admin-key> | pgstats <connection-string>");
    return 2;
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Npgsql;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// Several <see cref="SiloProcess"/>es on one PostgreSQL database forming one Orleans cluster, with the admin calls a
/// test or a bench needs (tenants, keys) and what it reads from outside: which silo holds a key's grain (from the
/// activation log) and the membership table. Disposing kills every silo. Free of xUnit (bench/failover compiles it).
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    /// <summary>Orleans' <c>SiloStatus.Dead</c> in OrleansMembershipTable.Status.</summary>
    public const int DeadStatus = 6;

    private readonly List<SiloProcess> _silos;
    private readonly List<SiloProcess> _retired = [];
    private readonly HttpClient _admin;
    private readonly IReadOnlyList<SiloLaunch> _launches;
    private readonly string _siloDll;

    private ProcessCluster(List<SiloProcess> silos, string postgres, string adminKey, IReadOnlyList<SiloLaunch> launches, string siloDll)
    {
        _silos = silos;
        _launches = launches;
        _siloDll = siloDll;
        Postgres = postgres;
        AdminKey = adminKey;
        _admin = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
    }

    /// <summary>The silos, in start order.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The database they share.</summary>
    public string Postgres { get; }

    /// <summary>The shared system-admin secret.</summary>
    public string AdminKey { get; }

    /// <summary>
    /// Starts <paramref name="count"/> silos: the first alone (it migrates and bootstraps the admin key), the others
    /// together. Every silo is ready (<c>/readyz</c> 200) when this returns; on failure every started one is killed.
    /// <paramref name="place"/> may give silo i a network namespace and settings of its own (its address, say).
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(string postgres, IReadOnlyList<Uri> nodes, int count, TimeSpan readyWithin, IReadOnlyDictionary<string, string>? extraEnvironment = null, string? siloDll = null, Func<int, SiloLaunch, SiloLaunch>? place = null)
    {
        siloDll ??= SiloProcess.LocateSiloDll();
        var adminKey = "gl-admin-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var env = SiloProcess.ClusterEnvironment(postgres, adminKey, nodes);
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        var launches = Enumerable.Range(0, count).Select(i => place?.Invoke(i, new SiloLaunch(env, null)) ?? new SiloLaunch(env, null)).ToList();
        var silos = new List<SiloProcess>();
        try
        {
            silos.Add(await launches[0].StartAsync("silo-0", siloDll, readyWithin));
            var rest = Enumerable.Range(1, count - 1).Select(i => launches[i].StartAsync($"silo-{i}", siloDll, readyWithin)).ToList();
            try
            {
                await Task.WhenAll(rest);
            }
            finally
            {
                silos.AddRange(rest.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }
        }
        catch
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }

            throw;
        }

        return new ProcessCluster(silos, postgres, adminKey, launches, siloDll);
    }

    /// <summary>
    /// Starts silo <paramref name="index"/> again (after a kill) as it was started, on its data directory, so that
    /// what it left on disk (the usage spool) is picked up; the new process takes its place in <see cref="Silos"/>.
    /// </summary>
    public async Task<SiloProcess> RestartAsync(int index, TimeSpan readyWithin)
    {
        var old = _silos[index];
        if (!old.HasExited)
        {
            throw new InvalidOperationException($"{old.Name} is still running.");
        }

        var fresh = await _launches[index].StartAsync(old.Name, _siloDll, readyWithin, old.DataDirectory);
        _retired.Add(old);
        _silos[index] = fresh;
        return fresh;
    }

    /// <summary>Creates a tenant through <paramref name="via"/>'s admin API; returns its id.</summary>
    public async Task<Guid> CreateTenantAsync(SiloProcess via, string name)
    {
        ArgumentNullException.ThrowIfNull(via);
        using var response = await _admin.PostAsJsonAsync(new Uri(via.BaseUrl, "admin/tenants"), new JsonObject { ["name"] = name });
        await EnsureAsync(response, "create tenant");
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return Guid.Parse((string)json!["id"]!);
    }

    /// <summary>Creates a key with an rpm limit through <paramref name="via"/>'s admin API; returns (id, secret).</summary>
    public async Task<(Guid Id, string Secret)> CreateKeyAsync(SiloProcess via, Guid tenantId, string name, int rpm)
    {
        ArgumentNullException.ThrowIfNull(via);
        using var response = await _admin.PostAsJsonAsync(new Uri(via.BaseUrl, $"admin/tenants/{tenantId}/keys"), new JsonObject { ["name"] = name, ["rpm"] = rpm });
        await EnsureAsync(response, "create key");
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (Guid.Parse((string)json!["id"]!), (string)json["key"]!);
    }

    /// <summary>Creates a key with the given fields (limits, budgets) through <paramref name="via"/>'s admin API; returns (id, secret).</summary>
    public async Task<(Guid Id, string Secret)> CreateKeyAsync(SiloProcess via, Guid tenantId, JsonObject fields)
    {
        ArgumentNullException.ThrowIfNull(via);
        using var response = await _admin.PostAsJsonAsync(new Uri(via.BaseUrl, $"admin/tenants/{tenantId}/keys"), fields);
        await EnsureAsync(response, "create key");
        var json = await response.Content.ReadFromJsonAsync<JsonObject>();
        return (Guid.Parse((string)json!["id"]!), (string)json["key"]!);
    }

    /// <summary>The tenant's ledger rows.</summary>
    public async Task<List<LedgerRow>> LedgerRowsAsync(Guid tenantId, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT request_id, http_status, completion_tokens, cost_micros, api_key_id FROM usage_events WHERE tenant_id = @a", connection);
        command.Parameters.AddWithValue("a", tenantId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<LedgerRow>();
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new LedgerRow(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetGuid(4)));
        }

        return rows;
    }

    /// <summary>
    /// Waits until every silo authenticates every secret (admin changes fan out through the registry grain). Secret i
    /// is tried on silo (i mod count) first: <c>/v1/models</c> reads a limited key's rate-limit headers from its grain,
    /// which activates it there, and placement prefers the calling silo.
    /// </summary>
    public async Task WaitUntilKnownEverywhereAsync(IReadOnlyList<string> secrets, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + within;
        var alive = _silos.Where(s => !s.HasExited).ToList();
        for (var i = 0; i < secrets.Count; i++)
        {
            for (var j = 0; j < alive.Count; j++)
            {
                var silo = alive[(i + j) % alive.Count];
                while (true)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(silo.BaseUrl, "v1/models"));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secrets[i]);
                    using var response = await http.SendAsync(request);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        break;
                    }

                    if (DateTime.UtcNow > deadline)
                    {
                        throw new TimeoutException($"{silo.Name} still answers {(int)response.StatusCode} for a key created {within} ago.");
                    }

                    await Task.Delay(100);
                }
            }
        }
    }

    /// <summary>
    /// The silos whose log says they activated the grain of <paramref name="keyId"/> (ApiKeyGrain logs "Key grain
    /// {KeyId} activated" at Debug; <see cref="SiloProcess.ClusterEnvironment"/> enables it). One activation in the
    /// cluster means one silo, until that silo dies and another re-activates the grain.
    /// </summary>
    public IReadOnlyList<int> HostsOf(Guid keyId)
    {
        var id = keyId.ToString();
        return Enumerable.Range(0, _silos.Count)
            .Where(i => _silos[i].LinesContaining(id).Any(l => l.Contains("activated", StringComparison.Ordinal)))
            .ToList();
    }

    /// <summary>The one silo that activated the key's grain; -1 when none did yet, -2 when several did.</summary>
    public int HostOf(Guid keyId) => HostsOf(keyId) switch
    {
        [] => -1,
        [var one] => one,
        _ => -2,
    };

    /// <summary>Waits until the activation log places every key; returns key id → silo index.</summary>
    public async Task<Dictionary<Guid, int>> WaitForHostsAsync(IEnumerable<Guid> keyIds, TimeSpan within)
    {
        var ids = keyIds.ToList();
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var hosts = ids.ToDictionary(id => id, HostOf);
            if (hosts.Values.All(h => h != -1) || DateTime.UtcNow > deadline)
            {
                return hosts;
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Rows of OrleansMembershipTable with Status = Dead.</summary>
    public Task<int> CountDeadSilosAsync(CancellationToken ct = default) =>
        ScalarAsync("SELECT count(*) FROM OrleansMembershipTable WHERE Status = @a", ct, DeadStatus);

    /// <summary>Rows of OrleansMembershipTable with Status = Active.</summary>
    public Task<int> CountActiveSilosAsync(CancellationToken ct = default) =>
        ScalarAsync("SELECT count(*) FROM OrleansMembershipTable WHERE Status = 3", ct);

    /// <summary>The tenant's ledger rows of attempts that answered <paramref name="httpStatus"/>.</summary>
    public Task<int> CountLedgerRowsAsync(Guid tenantId, int httpStatus, CancellationToken ct = default) =>
        ScalarAsync("SELECT count(*) FROM usage_events WHERE tenant_id = @a AND http_status = @b", ct, tenantId, httpStatus);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        // Last: a retired process owns the data directory its successor used.
        foreach (var silo in _retired)
        {
            await silo.DisposeAsync();
        }
    }

    /// <summary>A count; the arguments are <c>@a</c>, <c>@b</c>, … in order.</summary>
    private async Task<int> ScalarAsync(string sql, CancellationToken ct, params object[] arguments)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        for (var i = 0; i < arguments.Length; i++)
        {
            command.Parameters.AddWithValue(((char)('a' + i)).ToString(), arguments[i]);
        }

        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}

/// <summary>How one silo of a <see cref="ProcessCluster"/> starts: its environment, and its network namespace (null: this one).</summary>
public sealed record SiloLaunch(IReadOnlyDictionary<string, string> Environment, string? Namespace)
{
    /// <summary>This launch with some settings replaced or added.</summary>
    public SiloLaunch With(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var environment = new Dictionary<string, string>(Environment);
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return this with { Environment = environment };
    }

    /// <summary>Starts the silo and waits until it is ready.</summary>
    public Task<SiloProcess> StartAsync(string name, string siloDll, TimeSpan readyWithin, string? dataDirectory = null) =>
        SiloProcess.StartAsync(name, siloDll, Environment, readyWithin, dataDirectory: dataDirectory, networkNamespace: Namespace);
}

/// <summary>One ledger row as the cluster tests read it.</summary>
public sealed record LedgerRow(string RequestId, int HttpStatus, int CompletionTokens, long CostMicros, Guid KeyId);

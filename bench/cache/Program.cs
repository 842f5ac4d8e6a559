using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Bench.Cache;
using GatoLink.Bench.Failover;
using GatoLink.Integration.Tests.Cluster;
using GatoLink.NodeSim;

// bench/cache: hit vs miss latency through a real silo process, hit rates on a replayed workload (exact and semantic),
// memory per 10k entries. Usage: dotnet GatoLink.Bench.Cache.dll [--redis 127.0.0.1:6379] [--latency 100] [--workload 200]
var redis = Arg("--redis", null);
var latencyRequests = int.Parse(Arg("--latency", "100")!, System.Globalization.CultureInfo.InvariantCulture);
var workloadRequests = int.Parse(Arg("--workload", "200")!, System.Globalization.CultureInfo.InvariantCulture);

var nodeOptions = NodeSimOptions.FromProfile("h100-8b");
await using var node = await NodeSimServer.StartAsync(nodeOptions);
var adminKey = "gl-bench-" + Guid.NewGuid().ToString("N");
var env = new Dictionary<string, string>
{
    ["GATOLINK_ADMIN_KEY"] = adminKey,
    ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
    ["GatoLink__EmbeddedNodes"] = "0",
    ["GatoLink__DemoTenant"] = "false",
    ["GatoLink__Banner"] = "true",
    ["GatoLink__Models__0__Name"] = "demo-8b",
    ["GatoLink__Nodes__0__Id"] = "node-1",
    ["GatoLink__Nodes__0__BaseUrl"] = node.BaseUrl.ToString(),
    ["GatoLink__Nodes__0__Models__0"] = "demo-8b",
    ["Logging__LogLevel__Default"] = "Warning",
};
if (redis is not null)
{
    env["GatoLink__Redis"] = redis;
}

await using var silo = await SiloProcess.StartAsync("silo", SiloProcess.LocateSiloDll(), env, TimeSpan.FromSeconds(90));
using var admin = new HttpClient { BaseAddress = silo.BaseUrl };
admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
Console.WriteLine($"silo {silo.BaseUrl} (shared level: {redis ?? "none, memory only"}), node {node.BaseUrl} (h100-8b profile, real time)");

// 1. Hit vs miss latency (exact policy, non-streamed, 16 output tokens).
using (var client = await TenantClientAsync(new { mode = "exact" }))
{
    var prompts = Enumerable.Range(0, latencyRequests).Select(i => $"Latency probe {i}: summarise the plot of a novel in one line.").ToList();
    var miss = new List<double>();
    var hit = new List<double>();
    string sample = "";
    foreach (var prompt in prompts)
    {
        var (ms, status, body) = await TimedAsync(client, prompt);
        miss.Add(ms);
        sample = body;
        Expect(status, "miss");
    }

    foreach (var prompt in prompts)
    {
        var (ms, status, _) = await TimedAsync(client, prompt);
        hit.Add(ms);
        Expect(status, "hit");
    }

    Console.WriteLine($"exact miss (node answers): p50 {Percentiles.Of(miss, 50):0.00} ms, p99 {Percentiles.Of(miss, 99):0.00} ms ({miss.Count} requests)");
    Console.WriteLine($"exact hit:                 p50 {Percentiles.Of(hit, 50):0.00} ms, p99 {Percentiles.Of(hit, 99):0.00} ms ({hit.Count} requests)");
    await MemoryFigures.RunAsync(redis, 10_000, Encoding.UTF8.GetBytes(sample));
}

// 2. Semantic lookup's own cost (the question is embedded on the request path): the first request loads the model; then
// misses on distinct topics and paraphrases of them.
using (var client = await TenantClientAsync(new { mode = "semantic", similarity = 0.8 }))
{
    var first = await TimedAsync(client, "Warm-up: what is a haiku?");
    var miss = new List<double>();
    var hit = new List<double>();
    var hits = 0;
    for (var i = 0; i < Math.Min(40, latencyRequests); i++)
    {
        miss.Add((await TimedAsync(client, $"What is {Workload.Topic(i)}?")).Ms);
        var paraphrase = await TimedAsync(client, $"Can you explain {Workload.Topic(i)} to me?");
        hit.Add(paraphrase.Ms);
        hits += paraphrase.Cache == "hit" ? 1 : 0;
    }

    Console.WriteLine($"semantic: first request (loads the model) {first.Ms:0} ms; miss p50 {Percentiles.Of(miss, 50):0.00} ms, p99 {Percentiles.Of(miss, 99):0.00} ms; " +
        $"paraphrase p50 {Percentiles.Of(hit, 50):0.00} ms, p99 {Percentiles.Of(hit, 99):0.00} ms ({hits}/{hit.Count} hits)");
}

// 3. Hit rate on the replayed workload: 30% repeats, 30% paraphrases, 40% new questions.
var workload = Workload.Build(workloadRequests, repeatShare: 0.3, paraphraseShare: 0.3);
foreach (var (name, policy) in new (string, object)[] { ("exact", new { mode = "exact" }), ("semantic 0.80", new { mode = "semantic", similarity = 0.8 }), ("semantic 0.70", new { mode = "semantic", similarity = 0.7 }) })
{
    using var client = await TenantClientAsync(policy);
    var hits = new Dictionary<Workload.Kind, (int Hits, int Count)>();
    foreach (var (question, kind) in workload)
    {
        var (_, status, _) = await TimedAsync(client, question);
        var (h, c) = hits.GetValueOrDefault(kind);
        hits[kind] = (h + (status == "hit" ? 1 : 0), c + 1);
    }

    var total = hits.Values.Sum(v => v.Hits);
    Console.WriteLine($"workload {name}: hit rate {100.0 * total / workload.Count:0.0}% ({total}/{workload.Count}); " +
        string.Join(", ", hits.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value.Hits}/{k.Value.Count}")));
}

return 0;

async Task<HttpClient> TenantClientAsync(object cache)
{
    using var created = await admin.PostAsJsonAsync("admin/tenants", new { name = "bench-" + Guid.NewGuid().ToString("N")[..8] });
    var tenant = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.ToString();
    using var patched = await admin.PatchAsJsonAsync($"admin/tenants/{tenant}", new { cache });
    patched.EnsureSuccessStatusCode();
    using var key = await admin.PostAsJsonAsync($"admin/tenants/{tenant}/keys", new { name = "bench" });
    var secret = (await key.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.ToString();
    var client = new HttpClient { BaseAddress = silo.BaseUrl };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
    return client;
}

static async Task<(double Ms, string Cache, string Body)> TimedAsync(HttpClient client, string question)
{
    var body = new JsonObject
    {
        ["model"] = "demo-8b",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = question }),
        ["max_tokens"] = 16,
        ["temperature"] = 0,
    };
    var clock = Stopwatch.StartNew();
    using var response = await client.PostAsync("v1/chat/completions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
    var text = await response.Content.ReadAsStringAsync();
    var ms = clock.Elapsed.TotalMilliseconds;
    response.EnsureSuccessStatusCode();
    return (ms, response.Headers.TryGetValues("x-gatolink-cache", out var v) ? v.First() : "(none)", text);
}

static void Expect(string actual, string expected)
{
    if (actual != expected)
    {
        throw new InvalidOperationException($"expected a {expected}, got {actual}");
    }
}

string? Arg(string name, string? fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Cluster;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Integration.Tests.Hosting;

/// <summary>
/// SIGTERM to a real silo process: readiness fails at once, new requests are refused with 503 and Retry-After, the
/// running stream finishes (or, past the drain timeout, ends with an error event), its usage is in the ledger, and the
/// process exits 0 within the bound.
/// </summary>
public sealed class SiloDrainTests(ITestOutputHelper output)
{
    /// <summary>One token every 40 ms: a stream of n tokens lasts about n × 40 ms.</summary>
    private static readonly Action<GatoLink.NodeSim.NodeSimOptions> SlowNode = o =>
    {
        o.ItlMs = 40;
        o.ItlSlowdown = 0;
        o.JitterFraction = 0;
    };

    [Fact]
    public async Task SigtermFailsReadinessRefusesNewRequestsLetsTheStreamFinishAndExitsZero()
    {
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 1, configure: SlowNode);
        var admin = ApiKeySecrets.NewSecret();
        await using var silo = await StartSiloAsync(nodes.Urls, admin);
        try
        {
            var key = await CreateUserKeyAsync(silo, admin);
            using var client = Http(silo, key);
            var stream = await RunningStream.StartAsync(client, maxTokens: 100);

            var sigterm = Stopwatch.StartNew();
            await silo.SignalTerminateAsync();

            using var probe = new HttpClient { BaseAddress = silo.BaseUrl, Timeout = TimeSpan.FromSeconds(5) };
            var (readyStatus, readyBody) = await FirstReadyzRefusalAsync(probe, TimeSpan.FromSeconds(2));
            output.WriteLine($"/readyz {(int)readyStatus} after {sigterm.ElapsedMilliseconds} ms: {readyBody}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readyStatus);
            Assert.Equal("draining", (string?)JsonNode.Parse(readyBody)!["status"]);

            // A fresh connection, as a balancer would open: refused before any byte of work, safe to retry elsewhere.
            using (var late = Http(silo, key))
            using (var refused = await late.PostAsync("v1/chat/completions", Chat(stream: false, maxTokens: 5)))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.NotNull(refused.Headers.RetryAfter);
                var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
                Assert.Equal("silo_draining", (string?)error["code"]);
                Assert.Equal("server_error", (string?)error["type"]);
                Assert.NotNull(error["message"]);
            }

            var events = await stream.Completion.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"stream ended after {sigterm.ElapsedMilliseconds} ms with {events.Count} events");
            Assert.Equal("[DONE]", events[^1]);
            Assert.DoesNotContain(events, e => e.Contains("\"error\"", StringComparison.Ordinal));

            Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the silo did not exit within 30 s of SIGTERM");
            output.WriteLine($"exited {silo.ExitCode} after {sigterm.ElapsedMilliseconds} ms");
            Assert.Equal(0, silo.ExitCode);

            var (status, completionTokens) = await LedgerRowAsync(silo, stream.RequestId);
            Assert.Equal("success", status);
            Assert.Equal(100, completionTokens);
        }
        finally
        {
            output.WriteLine(silo.Output);
        }
    }

    [Fact]
    public async Task AStreamStillRunningAtTheDrainTimeoutEndsWithAnErrorEventIsBilledAndTheSiloExitsZero()
    {
        await using var nodes = await SimNodes.StartAsync(1, timeScale: 1, configure: SlowNode);
        var admin = ApiKeySecrets.NewSecret();
        await using var silo = await StartSiloAsync(nodes.Urls, admin, ("GatoLink__Drain__Timeout", "00:00:02"));
        try
        {
            var key = await CreateUserKeyAsync(silo, admin);
            using var client = Http(silo, key);
            // About 16 s of tokens: far past the 2 s drain.
            var stream = await RunningStream.StartAsync(client, maxTokens: 400);

            var sigterm = Stopwatch.StartNew();
            await silo.SignalTerminateAsync();

            var events = await stream.Completion.WaitAsync(TimeSpan.FromSeconds(20));
            output.WriteLine($"stream ended after {sigterm.ElapsedMilliseconds} ms with {events.Count} events: {events[^1]}");
            Assert.DoesNotContain("[DONE]", events);
            var error = JsonNode.Parse(events[^1])!["error"]!;
            Assert.Equal("silo_draining", (string?)error["code"]);
            Assert.Equal("server_error", (string?)error["type"]);

            Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the silo did not exit within 30 s of SIGTERM");
            output.WriteLine($"exited {silo.ExitCode} after {sigterm.ElapsedMilliseconds} ms");
            Assert.Equal(0, silo.ExitCode);

            // Billed for what was streamed before the cut: the tokens the client got, not the 400 asked for.
            var (status, completionTokens) = await LedgerRowAsync(silo, stream.RequestId);
            output.WriteLine($"ledger: {status}, {completionTokens} completion tokens");
            Assert.NotEqual("success", status);
            Assert.InRange(completionTokens, 1, 399);
        }
        finally
        {
            output.WriteLine(silo.Output);
        }
    }

    [Fact]
    public async Task TheHostWaitsLongEnoughForTheDrainAndTheClusterLeave()
    {
        await using var silo = await SiloHarness.StartAsync(settings: new Dictionary<string, string?> { ["GatoLink:Drain:Timeout"] = "00:01:00", ["GatoLink:Drain:ReadinessDelay"] = "00:00:05" });
        var host = silo.Services.GetRequiredService<IOptions<HostOptions>>().Value;
        Assert.True(host.ShutdownTimeout >= TimeSpan.FromSeconds(65), $"HostOptions.ShutdownTimeout is {host.ShutdownTimeout}");
    }

    private static async Task<SiloProcess> StartSiloAsync(IReadOnlyList<Uri> nodes, string adminKey, params (string Name, string Value)[] settings)
    {
        var environment = SiloProcess.EmbeddedEnvironment(adminKey, nodes);
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        return await SiloProcess.StartAsync("silo", SiloProcess.LocateSiloDll(), environment, TimeSpan.FromSeconds(90));
    }

    /// <summary>Creates a tenant and a user key through the admin API; returns the secret.</summary>
    private static async Task<string> CreateUserKeyAsync(SiloProcess silo, string adminKey)
    {
        using var admin = Http(silo, adminKey);
        admin.Timeout = TimeSpan.FromSeconds(30);
        using var tenant = await admin.PostAsJsonAsync("admin/tenants", new { name = "drain-" + Guid.NewGuid().ToString("N")[..8] });
        tenant.EnsureSuccessStatusCode();
        var tenantId = (string)(await tenant.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
        using var key = await admin.PostAsJsonAsync($"admin/tenants/{tenantId}/keys", new { name = "drain" });
        key.EnsureSuccessStatusCode();
        return (string)(await key.Content.ReadFromJsonAsync<JsonObject>())!["key"]!;
    }

    /// <summary>An HTTP client sending a bearer key, without a client-side timeout (streams).</summary>
    private static HttpClient Http(SiloProcess silo, string key)
    {
        var http = new HttpClient { BaseAddress = silo.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }

    private static StringContent Chat(bool stream, int maxTokens) => new(
        $$"""{"model":"demo-8b","stream":{{(stream ? "true" : "false")}},"max_tokens":{{maxTokens}},"messages":[{"role":"user","content":"Tell me a long story."}]}""",
        Encoding.UTF8,
        "application/json");

    private static async Task<(HttpStatusCode Status, string Body)> FirstReadyzRefusalAsync(HttpClient probe, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var ready = await probe.GetAsync("readyz");
            if (ready.StatusCode != HttpStatusCode.OK || clock.Elapsed > limit)
            {
                return (ready.StatusCode, await ready.Content.ReadAsStringAsync());
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    /// <summary>The ledger row of a request, read from the stopped silo's SQLite file.</summary>
    private static async Task<(string Status, long CompletionTokens)> LedgerRowAsync(SiloProcess silo, string requestId)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = Path.Combine(silo.DataDirectory, "gatolink.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, completion_tokens FROM usage_events WHERE request_id = $id";
        command.Parameters.AddWithValue("$id", requestId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"request {requestId} is not in the ledger");
        var row = (reader.GetString(0), reader.GetInt64(1));
        Assert.False(await reader.ReadAsync(), $"request {requestId} is in the ledger twice");
        return row;
    }

    /// <summary>A streamed chat completion being read in the background, started once its first event arrived.</summary>
    private sealed class RunningStream
    {
        private RunningStream(string requestId, Task<List<string>> completion)
        {
            RequestId = requestId;
            Completion = completion;
        }

        public string RequestId { get; }

        /// <summary>Every <c>data:</c> payload, in order, once the server ended the response.</summary>
        public Task<List<string>> Completion { get; }

        public static async Task<RunningStream> StartAsync(HttpClient client, int maxTokens)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = Chat(stream: true, maxTokens) };
            var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var requestId = response.Headers.GetValues("x-request-id").Single();
            var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            var events = new List<string>();
            // Headers come with the first event (nothing is sent before the node's first token): it is running.
            await ReadEventAsync(reader, events);
            Assert.NotEmpty(events);
            return new RunningStream(requestId, ReadRestAsync(response, reader, events));
        }

        private static async Task<List<string>> ReadRestAsync(HttpResponseMessage response, StreamReader reader, List<string> events)
        {
            using (response)
            using (reader)
            {
                while (await ReadEventAsync(reader, events))
                {
                }
            }

            return events;
        }

        private static async Task<bool> ReadEventAsync(StreamReader reader, List<string> events)
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    events.Add(line["data: ".Length..]);
                    return true;
                }
            }

            return false;
        }
    }
}

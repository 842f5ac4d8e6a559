using System.Diagnostics;
using System.Net;
using System.Text;

namespace GatoLink.Bench.Routing;

/// <summary>Sends a run's requests at their due times (open loop) and times every token.</summary>
public sealed class LoadRunner : IDisposable
{
    private readonly HttpClient _http;

    public LoadRunner(Uri silo, string key)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) };
        _http = new HttpClient(handler) { BaseAddress = silo, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }

    /// <summary>Runs the requests; those still going <paramref name="grace"/> after the last arrival are cut.</summary>
    public async Task<(IReadOnlyList<RequestResult> Results, double Makespan)> RunAsync(IReadOnlyList<BenchRequest> requests, TimeSpan grace)
    {
        var last = requests.Count == 0 ? TimeSpan.Zero : requests[^1].DueAt;
        using var cut = new CancellationTokenSource(last + grace);
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task<RequestResult>>(requests.Count);
        foreach (var request in requests)
        {
            var wait = request.DueAt - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            tasks.Add(Task.Run(() => SendAsync(request, clock, cut.Token)));
        }

        var results = await Task.WhenAll(tasks);
        return (results, clock.Elapsed.TotalSeconds);
    }

    private async Task<RequestResult> SendAsync(BenchRequest request, Stopwatch clock, CancellationToken ct)
    {
        var due = request.DueAt.TotalSeconds;
        var gaps = new List<double>(request.MaxTokens);
        var tokens = 0;
        double first = -1, previous = 0;
        try
        {
            using var content = new StringContent(request.Body, Encoding.UTF8, "application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = content };
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await response.Content.ReadAsStringAsync(ct);
                return new RequestResult((int)response.StatusCode, clock.Elapsed.TotalSeconds - due, gaps, 0, clock.Elapsed.TotalSeconds);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(stream);
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (!line.StartsWith("data:", StringComparison.Ordinal) || !line.Contains("\"content\":\"", StringComparison.Ordinal) || line.Contains("\"content\":\"\"", StringComparison.Ordinal))
                {
                    continue;
                }

                var now = clock.Elapsed.TotalSeconds;
                if (first < 0)
                {
                    first = now - due;
                }
                else
                {
                    gaps.Add(now - previous);
                }

                previous = now;
                tokens++;
            }

            return new RequestResult(200, first < 0 ? clock.Elapsed.TotalSeconds - due : first, gaps, tokens, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException)
        {
            return new RequestResult(-1, first < 0 ? clock.Elapsed.TotalSeconds - due : first, gaps, tokens, clock.Elapsed.TotalSeconds);
        }
        catch (HttpRequestException)
        {
            return new RequestResult(0, clock.Elapsed.TotalSeconds - due, gaps, tokens, clock.Elapsed.TotalSeconds);
        }
    }

    public void Dispose() => _http.Dispose();
}

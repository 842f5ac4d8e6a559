using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Diagnostics;
using OpenAI;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>How one chat request ended, as a client sees it.</summary>
/// <param name="Key">Index of the key in the caller's list.</param>
/// <param name="Silo">Index of the silo it was sent to.</param>
/// <param name="Started">When it was sent, on the log's clock.</param>
/// <param name="Ended">When its answer (or error) came.</param>
/// <param name="Status">HTTP status; 0 when no HTTP answer came (connection refused or reset).</param>
/// <param name="RetryAfter">Whether the answer carried Retry-After.</param>
/// <param name="Code">The OpenAI error code of a refusal, if any.</param>
/// <param name="RequestId">GatoLink's request id (<c>x-request-id</c>, the ledger's <c>request_id</c>) of an answer the client finished.</param>
/// <param name="CompletionTokens">The completion tokens the answer reported in its usage.</param>
public sealed record RequestOutcome(int Key, int Silo, TimeSpan Started, TimeSpan Ended, int Status, bool RetryAfter, string? Code, string? RequestId = null, int CompletionTokens = 0)
{
    /// <summary>The key's limits were checked by its grain: admitted (200) or refused by a limit (429).</summary>
    public bool AnsweredByGrain => Status is 200 or 429;
}

/// <summary>
/// Closed-loop chat traffic from the official OpenAI SDK (retries off) over keys × silos, every outcome recorded on
/// one clock. A silo taken out of the rotation (<see cref="Exclude"/>) gets no new requests, like a load balancer
/// that noticed it is gone. Free of xUnit (bench/failover compiles it).
/// </summary>
public sealed class TrafficLog
{
    private readonly ConcurrentQueue<RequestOutcome> _outcomes = new();
    private readonly ChatClient[,] _chats;
    private readonly bool[] _excluded;
    private readonly Func<int, bool> _streams;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Clients for every (key, silo) pair; keys for which <paramref name="streams"/> holds stream their answers.</summary>
    public TrafficLog(IReadOnlyList<string> secrets, IReadOnlyList<Uri> silos, Func<int, bool>? streams = null)
    {
        _streams = streams ?? (_ => false);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(silos);
        _chats = new ChatClient[secrets.Count, silos.Count];
        _excluded = new bool[silos.Count];
        for (var k = 0; k < secrets.Count; k++)
        {
            for (var s = 0; s < silos.Count; s++)
            {
                var options = new OpenAIClientOptions
                {
                    Endpoint = new Uri(silos[s], "v1"),
                    NetworkTimeout = TimeSpan.FromSeconds(20),
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                };
                options.AddPolicy(new RequestIdCapture(), PipelinePosition.PerCall);
                _chats[k, s] = new OpenAIClient(new ApiKeyCredential(secrets[k]), options).GetChatClient("demo-8b");
            }
        }
    }

    /// <summary>The log's clock.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Everything recorded so far.</summary>
    public IReadOnlyList<RequestOutcome> Outcomes => _outcomes.ToArray();

    /// <summary>Stops sending new requests to a silo.</summary>
    public void Exclude(int silo) => Volatile.Write(ref _excluded[silo], true);

    /// <summary>Sends to a silo again (started again on its address).</summary>
    public void Include(int silo) => Volatile.Write(ref _excluded[silo], false);

    /// <summary>Sends one request for key <paramref name="key"/> to silo <paramref name="silo"/> and records it.</summary>
    public async Task<RequestOutcome> SendAsync(int key, int silo)
    {
        var started = _clock.Elapsed;
        int status;
        var retryAfter = false;
        string? code = null;
        string? requestId = null;
        var tokens = 0;
        try
        {
            (status, requestId, tokens) = _streams(key) ? await StreamAsync(_chats[key, silo]) : await CompleteAsync(_chats[key, silo]);
        }
        catch (ClientResultException ex) when (ex.Status != 0)
        {
            status = ex.Status;
            var raw = ex.GetRawResponse();
            retryAfter = raw?.Headers.TryGetValue("Retry-After", out _) ?? false;
            code = ErrorCode(raw);
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException or IOException or TaskCanceledException)
        {
            status = 0;
            code = ex.GetType().Name;
        }

        var outcome = new RequestOutcome(key, silo, started, _clock.Elapsed, status, retryAfter, code, requestId, tokens);
        _outcomes.Enqueue(outcome);
        return outcome;
    }

    /// <summary>
    /// One loop per key and silo until <paramref name="stop"/> (idle while the silo is out of the rotation): each sends, then
    /// pauses <paramref name="pause"/> times the number of silos, so a key sends about one request per pause in all. A
    /// request that hangs on a silo that vanished holds up only its own loop, not the key's traffic to the others.
    /// </summary>
    public Task RunAsync(int keys, TimeSpan pause, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, keys).SelectMany(key => Enumerable.Range(0, _excluded.Length).Select(silo => Task.Run(async () =>
        {
            // Staggered, so that a key's loops do not all send at once.
            var delay = pause * silo;
            while (true)
            {
                try
                {
                    await Task.Delay(delay, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                // Out of the rotation: wait, it may come back (a silo started again).
                delay = pause * _excluded.Length;
                if (!Volatile.Read(ref _excluded[silo]))
                {
                    await SendAsync(key, silo);
                }
            }
        }))));

    private static async Task<(int Status, string? RequestId, int Tokens)> CompleteAsync(ChatClient chat)
    {
        var result = await chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 1 });
        var raw = result.GetRawResponse();
        return (raw.Status, RequestIdOf(raw), result.Value.Usage?.OutputTokenCount ?? 0);
    }

    /// <summary>A stream counts as finished when its usage chunk came (the last before <c>[DONE]</c>).</summary>
    private static async Task<(int Status, string? RequestId, int Tokens)> StreamAsync(ChatClient chat)
    {
        var requestId = RequestIdCapture.Scope();
        ChatTokenUsage? usage = null;
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("tell me a story")], new ChatCompletionOptions { MaxOutputTokenCount = 8 }))
        {
            usage = update.Usage ?? usage;
        }

        return usage is null ? (0, null, 0) : (200, requestId.Value, usage.OutputTokenCount);
    }

    private static string? RequestIdOf(PipelineResponse response) =>
        response.Headers.TryGetValue("x-request-id", out var id) ? id : null;

    private static string? ErrorCode(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        try
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(response.Content.ToString());
            return (string?)json?["error"]?["code"];
        }
        catch (System.Text.Json.JsonException)
        {
            return "unparsed";
        }
    }
}

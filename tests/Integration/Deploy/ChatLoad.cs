using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using OpenAI;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Deploy;

/// <summary>
/// Closed-loop clients of the official OpenAI SDK (its retries off, so every failure the gateway lets through is
/// seen) sending streaming and non-streaming chat completions in turn. A request succeeds when it ends with a finish
/// reason (and, not streamed, its usage); anything else is a failure, kept with what the client saw.
/// </summary>
public sealed class ChatLoad
{
    private readonly ChatClient _chat;
    private readonly ConcurrentQueue<string> _failures = new();
    private int _succeeded;

    /// <summary>Clients of <paramref name="baseUrl"/>/v1 with <paramref name="key"/>.</summary>
    public ChatLoad(Uri baseUrl, string key)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(baseUrl, "v1"),
            NetworkTimeout = TimeSpan.FromSeconds(90),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        _chat = new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient("demo-8b");
    }

    /// <summary>Requests that succeeded.</summary>
    public int Succeeded => Volatile.Read(ref _succeeded);

    /// <summary>What the failed requests saw.</summary>
    public IReadOnlyList<string> Failures => [.. _failures];

    /// <summary><paramref name="clients"/> loops, each sending one request after the other until <paramref name="stop"/>.</summary>
    public Task RunAsync(int clients, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await SendAsync(client, n, stream: (client + n) % 2 == 0);
            }
        })));

    private async Task SendAsync(int client, int n, bool stream)
    {
        var messages = new ChatMessage[] { new UserChatMessage($"client {client} request {n}: tell me about rolling restarts") };
        var options = new ChatCompletionOptions { MaxOutputTokenCount = 24 };
        try
        {
            var ok = stream ? await StreamAsync(messages, options) : await CompleteAsync(messages, options);
            if (ok is null)
            {
                Interlocked.Increment(ref _succeeded);
            }
            else
            {
                _failures.Enqueue($"{(stream ? "stream" : "json")} client {client} #{n}: {ok}");
            }
        }
        catch (Exception ex) when (ex is ClientResultException or HttpRequestException or IOException or TaskCanceledException)
        {
            _failures.Enqueue($"{(stream ? "stream" : "json")} client {client} #{n}: {ex.GetType().Name} {ex.Message}");
        }
    }

    private async Task<string?> CompleteAsync(ChatMessage[] messages, ChatCompletionOptions options)
    {
        var result = await _chat.CompleteChatAsync(messages, options);
        var completion = result.Value;
        return result.GetRawResponse().Status != 200 ? $"status {result.GetRawResponse().Status}"
            : completion.Usage is null ? "no usage"
            : completion.Content.Count == 0 ? "no content"
            : null;
    }

    private async Task<string?> StreamAsync(ChatMessage[] messages, ChatCompletionOptions options)
    {
        ChatFinishReason? finish = null;
        var updates = 0;
        await foreach (var update in _chat.CompleteChatStreamingAsync(messages, options))
        {
            updates++;
            finish ??= update.FinishReason;
        }

        return finish is null ? $"stream of {updates} updates ended without a finish reason" : null;
    }
}

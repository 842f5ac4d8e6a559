using System.ClientModel;
using System.Collections.Concurrent;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>Many streaming chat requests at once, spread over several silos' clients: what each admitted one used, and each 429.</summary>
public static class StreamingFlood
{
    /// <summary>Sends <paramref name="count"/> streams of "hi" with <paramref name="maxTokens"/>, request i to <paramref name="chats"/>[i mod n].</summary>
    public static async Task<(IReadOnlyList<ChatTokenUsage> Usages, IReadOnlyList<ClientResultException> Refusals)> RunAsync(IReadOnlyList<ChatClient> chats, int count, int maxTokens)
    {
        ArgumentNullException.ThrowIfNull(chats);
        var usages = new ConcurrentBag<ChatTokenUsage>();
        var refusals = new ConcurrentBag<ClientResultException>();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            try
            {
                ChatTokenUsage? usage = null;
                await foreach (var update in chats[i % chats.Count].CompleteChatStreamingAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = maxTokens }))
                {
                    usage ??= update.Usage;
                }

                usages.Add(usage ?? throw new InvalidOperationException("A stream ended without usage."));
            }
            catch (ClientResultException ex) when (ex.Status == 429)
            {
                refusals.Add(ex);
            }
        })));
        return ([.. usages], [.. refusals]);
    }
}

using System.ClientModel;
using System.ClientModel.Primitives;
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>
/// The OpenAI SDK with its retry policy off: by default it retries a 429 after the Retry-After the gateway sends,
/// which for a daily budget is hours. These tests count each refusal as it comes.
/// </summary>
public static class NoRetryOpenAi
{
    /// <summary>A chat client for <paramref name="key"/> on <paramref name="silo"/>'s /v1 that never retries.</summary>
    public static ChatClient Chat(SiloHarness silo, string key, string model = "demo-8b")
    {
        ArgumentNullException.ThrowIfNull(silo);
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(silo.BaseUrl, "v1"),
            NetworkTimeout = TimeSpan.FromSeconds(60),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        return new OpenAIClient(new ApiKeyCredential(key), options).GetChatClient(model);
    }
}

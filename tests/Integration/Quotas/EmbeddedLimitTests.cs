using System.ClientModel;
using System.Net;
using GatoLink.Integration.Tests.Infrastructure;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.Quotas;

/// <summary>The embedded silo (SQLite, in-memory quota rows) enforces the same limits; polling carries revocations.</summary>
public sealed class EmbeddedLimitTests : IAsyncLifetime
{
    private SimNodes _nodes = null!;
    private SiloHarness _silo = null!;

    public async Task InitializeAsync()
    {
        _nodes = await SimNodes.StartAsync(1, profile: "instant", timeScale: 1);
        _silo = await SiloHarness.StartAsync(_nodes.Urls);
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task AnRpmLimitHoldsOnSqliteAndRefusalsCarryTheHeaders()
    {
        var secret = await _silo.CreateUserKeyAsync(new { name = "rpm5", rpm = 5 });
        var chat = NoRetryOpenAi.Chat(_silo, secret);
        var admitted = 0;
        ClientResultException? refusal = null;

        for (var i = 0; i < 8; i++)
        {
            try
            {
                await chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 1 });
                admitted++;
            }
            catch (ClientResultException ex) when (ex.Status == (int)HttpStatusCode.TooManyRequests)
            {
                refusal = ex;
            }
        }

        Assert.Equal(5, admitted);
        Assert.NotNull(refusal);
        Assert.True(refusal!.GetRawResponse()!.Headers.TryGetValue("x-ratelimit-remaining-requests", out var remaining));
        Assert.Equal("0", remaining);
    }
}

#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.ClientModel;
using GatoLink.Grains.Abstractions.Responses;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Responses;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>A database that refuses to keep a response: the client still gets its billed answer, the bill is kept, the silo says so.</summary>
public sealed class ResponsesStoreOutageTests
{
    [Fact]
    public async Task AResponseTheStoreRefusesIsStillAnsweredAndBilledAndTheMissIsLogged()
    {
        var logs = new LogCapture();
        UnwritableResponseStore? store = null;
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var silo = await SiloHarness.StartAsync(nodes.Urls, configureServices: s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            s.AddSingleton<IResponseStore>(sp =>
            {
                var storage = sp.GetRequiredService<IStorageProvider>();
                return store = new UnwritableResponseStore(new SqlResponseStore((IStorageConnectionFactory)storage, storage.Kind));
            });
        });
        var client = ResponsesSdkTests.Client(silo, await silo.CreateUserKeyAsync());

        ResponseResult response = await client.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("keep me")]) { MaxOutputTokenCount = 5 });
        var notKept = await Assert.ThrowsAsync<ClientResultException>(() => client.GetResponseAsync(response.Id));

        Assert.Equal(5, response.Usage.OutputTokenCount);
        Assert.Equal(1, store!.RefusedWrites);
        var row = silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single();
        Assert.Equal((UsageStatus.Success, 5), (row.Status, row.CompletionTokens));
        Assert.Equal(404, notKept.Status);
        Assert.Contains(logs.Lines, l => l.EventId == 1300 && l.Message.Contains(response.Id, StringComparison.Ordinal));
    }
}

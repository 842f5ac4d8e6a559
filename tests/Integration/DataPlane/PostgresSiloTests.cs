using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenAI.Chat;

namespace GatoLink.Integration.Tests.DataPlane;

/// <summary>The same data plane with a silo on PostgreSQL (a cluster member) instead of SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSiloTests
{
    private readonly PostgresFixture _pg;

    public PostgresSiloTests(PostgresFixture pg) => _pg = pg;

    [Fact]
    public async Task SiloOnPostgresServesAndASecondSiloSeesTheSameKeys()
    {
        var database = await _pg.CreateDatabaseAsync();
        await using var nodes = await SimNodes.StartAsync(1, "instant");
        await using var first = await SiloHarness.StartAsync(nodes.Urls, postgres: database);
        await using var second = await SiloHarness.StartAsync(nodes.Urls, postgres: database, adminKey: first.AdminKey);
        var key = await first.CreateUserKeyAsync();

        var viaFirst = await first.OpenAi(key).GetChatClient("demo-8b").CompleteChatAsync([new UserChatMessage("pg")], new ChatCompletionOptions { MaxOutputTokenCount = 4 });
        // The key was made on the first silo; the second finds it in the shared database.
        var viaSecond = await second.OpenAi(key).GetChatClient("demo-8b").CompleteChatAsync([new UserChatMessage("pg")], new ChatCompletionOptions { MaxOutputTokenCount = 4 });

        Assert.Equal(StorageKind.PostgreSql, first.Services.GetRequiredService<IStorageProvider>().Kind);
        Assert.Equal(4, viaFirst.Value.Usage.OutputTokenCount);
        Assert.Equal(4, viaSecond.Value.Usage.OutputTokenCount);
    }
}

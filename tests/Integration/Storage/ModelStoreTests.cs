using GatoLink.Grains.Abstractions.Model;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Storage;

namespace GatoLink.Integration.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class ModelStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task UpsertListReplaceDeleteRoundTrip(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var models = storage.Provider.Models;
        var qwen = Samples.Model("qwen2-7b");
        var llama = Samples.Model("llama-3-8b") with { Aliases = [], Strategy = PlacementStrategyKind.GatoLink };

        await models.UpsertAsync(qwen, None);
        await models.UpsertAsync(llama, None);
        var listed = await models.ListAsync(None);
        Assert.Equal(2, listed.Count);
        RecordAssert.Equal(llama, listed[0]);
        RecordAssert.Equal(qwen, listed[1]);

        var replaced = qwen with { Aliases = ["qwen"], ContextLength = 32_768, DefaultMaxTokens = 1024, Strategy = PlacementStrategyKind.RoundRobin };
        await models.UpsertAsync(replaced, None);
        RecordAssert.Equal(replaced, (await models.ListAsync(None))[1]);

        Assert.True(await models.DeleteAsync("llama-3-8b", None));
        Assert.False(await models.DeleteAsync("llama-3-8b", None));
        Assert.Equal(["qwen2-7b"], (await models.ListAsync(None)).Select(m => m.Name));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task PricesListOldestFirst(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var models = storage.Provider.Models;
        var later = new ModelPrice("qwen2-7b", 200_000, 600_000, Samples.Epoch.AddDays(7));
        var earliest = new ModelPrice("qwen2-7b", 100_000, 300_000, Samples.Epoch);
        var middle = new ModelPrice("llama-3-8b", 150_000, 450_000, Samples.Epoch.AddDays(1));

        await models.AddPriceAsync(later, None);
        await models.AddPriceAsync(earliest, None);
        await models.AddPriceAsync(middle, None);

        Assert.Equal([earliest, middle, later], await models.ListPricesAsync(None));
    }

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task SamePriceInstantTwiceThrowsDuplicateEntity(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var price = new ModelPrice("qwen2-7b", 100_000, 300_000, Samples.Epoch);
        await storage.Provider.Models.AddPriceAsync(price, None);

        var thrown = await Assert.ThrowsAsync<DuplicateEntityException>(
            () => storage.Provider.Models.AddPriceAsync(price with { InputMicrosPerMillion = 1 }, None));
        Assert.Equal("model price", thrown.Entity);
    }
}

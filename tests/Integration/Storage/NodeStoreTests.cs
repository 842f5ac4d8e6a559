using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class NodeStoreTests(PostgresFixture postgres)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData(StorageKind.Sqlite)]
    [InlineData(StorageKind.PostgreSql)]
    public async Task UpsertGetListReplaceDeleteRoundTrip(StorageKind kind)
    {
        await using var storage = await TestStorage.CreateAsync(kind, postgres);
        var nodes = storage.Provider.Nodes;
        var second = Samples.Node("node-b");
        var first = Samples.Node("node-a") with
        {
            Engine = EngineKind.OpenAi,
            Models = [],
            Labels = new Dictionary<string, string>(),
            VramGb = 24,
        };

        await nodes.UpsertAsync(second, None);
        await nodes.UpsertAsync(first, None);
        RecordAssert.Equal(second, await nodes.GetAsync("node-b", None));
        var listed = await nodes.ListAsync(None);
        Assert.Equal(["node-a", "node-b"], listed.Select(n => n.Id));
        RecordAssert.Equal(first, listed[0]);

        var drained = second with
        {
            Draining = true,
            Engine = EngineKind.Vllm,
            BaseUrl = new Uri("https://gpu-7.internal:9000"),
            Labels = new Dictionary<string, string> { ["zone"] = "us-2" },
        };
        await nodes.UpsertAsync(drained, None);
        RecordAssert.Equal(drained, await nodes.GetAsync("node-b", None));

        Assert.True(await nodes.DeleteAsync("node-a", None));
        Assert.False(await nodes.DeleteAsync("node-a", None));
        Assert.Null(await nodes.GetAsync("node-a", None));
        Assert.Equal(["node-b"], (await nodes.ListAsync(None)).Select(n => n.Id));
    }
}

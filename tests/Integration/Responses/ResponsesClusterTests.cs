#pragma warning disable OPENAI001 // The SDK's Responses client is marked experimental; it is the client under test.
using System.ClientModel;
using GatoLink.Grains.Abstractions.Responses;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Gateway.ResponsesApi;
using GatoLink.Silo.Responses;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenAI.Responses;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>
/// Stored responses on two silos sharing one PostgreSQL database: a conversation started on one silo is continued,
/// read and deleted on the other (the store, not a silo's memory, holds it), never seen by another tenant, and not
/// served past its retention.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ResponsesClusterTests : IAsyncLifetime
{
    private readonly PostgresFixture _postgres;
    private SimNodes _nodes = null!;
    private SiloHarness _a = null!;
    private SiloHarness _b = null!;

    public ResponsesClusterTests(PostgresFixture postgres) => _postgres = postgres;

    public async Task InitializeAsync()
    {
        _nodes = await SimNodes.StartAsync(1, "instant");
        var database = await _postgres.CreateDatabaseAsync();
        var adminKey = GatoLink.PerSilo.Keys.ApiKeySecrets.NewSecret();
        _a = await SiloHarness.StartAsync(_nodes.Urls, postgres: database, adminKey: adminKey);
        _b = await SiloHarness.StartAsync(_nodes.Urls, postgres: database, adminKey: adminKey);
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task AConversationStartedOnOneSiloIsContinuedReadAndDeletedOnTheOther()
    {
        var key = await _a.CreateUserKeyAsync();
        ResponseResult first = await ResponsesSdkTests.Client(_a, key).CreateResponseAsync("demo-8b", "My name is Ada and I like long walks");
        var onB = ResponsesSdkTests.Client(_b, key);

        ResponseResult continued = await onB.CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("What is my name?")]) { PreviousResponseId = first.Id, MaxOutputTokenCount = 4 });
        ResponseResult explicitly = await onB.CreateResponseAsync(new CreateResponseOptions("demo-8b",
            [ResponseItem.CreateUserMessageItem("My name is Ada and I like long walks"), ResponseItem.CreateAssistantMessageItem(first.GetOutputText()), ResponseItem.CreateUserMessageItem("What is my name?")])
        { MaxOutputTokenCount = 4 });
        // A chain: the continuation is stored too, and continuing it carries the whole conversation.
        ResponseResult third = await ResponsesSdkTests.Client(_a, key).CreateResponseAsync(new CreateResponseOptions("demo-8b", [ResponseItem.CreateUserMessageItem("And again?")]) { PreviousResponseId = continued.Id, MaxOutputTokenCount = 4 });
        ResponseResult readOnB = await onB.GetResponseAsync(first.Id);
        ResponseDeletionResult deletedOnB = await onB.DeleteResponseAsync(first.Id);
        var goneOnA = await Assert.ThrowsAsync<ClientResultException>(() => ResponsesSdkTests.Client(_a, key).GetResponseAsync(first.Id));

        Assert.Equal(explicitly.Usage.InputTokenCount, continued.Usage.InputTokenCount);
        Assert.True(third.Usage.InputTokenCount > continued.Usage.InputTokenCount + continued.Usage.OutputTokenCount, $"{third.Usage.InputTokenCount} vs {continued.Usage.InputTokenCount}+{continued.Usage.OutputTokenCount}");
        Assert.Equal(first.GetOutputText(), readOnB.GetOutputText());
        Assert.True(deletedOnB.Deleted);
        Assert.Equal(404, goneOnA.Status);
    }

    [Fact]
    public async Task AnotherTenantsResponseIsNotFoundOnAnySiloAndCannotBeContinued()
    {
        var owner = await _a.CreateUserKeyAsync();
        var stranger = await _a.CreateUserKeyAsync();
        ResponseResult mine = await ResponsesSdkTests.Client(_a, owner).CreateResponseAsync("demo-8b", "private thoughts");
        var theirs = ResponsesSdkTests.Client(_b, stranger);

        var read = await Assert.ThrowsAsync<ClientResultException>(() => theirs.GetResponseAsync(mine.Id));
        var continued = await Assert.ThrowsAsync<ClientResultException>(() => theirs.CreateResponseAsync("demo-8b", "what did they say?", mine.Id));
        var deleted = await Assert.ThrowsAsync<ClientResultException>(() => theirs.DeleteResponseAsync(mine.Id));
        ResponseResult stillThere = await ResponsesSdkTests.Client(_b, owner).GetResponseAsync(mine.Id);

        Assert.Equal(404, read.Status);
        Assert.Equal(400, continued.Status);
        Assert.Equal(404, deleted.Status);
        Assert.Equal(mine.Id, stillThere.Id);
    }

    [Fact]
    public async Task AResponsePastItsRetentionIsNeitherServedNorKeptAfterThePurge()
    {
        var key = await _a.CreateUserKeyAsync();
        ResponseResult created = await ResponsesSdkTests.Client(_a, key).CreateResponseAsync("demo-8b", "short-lived");
        var store = _b.Services.GetRequiredService<IResponseStore>();
        var tenant = (await _a.Services.GetRequiredService<GatoLink.PerSilo.Keys.KeyDirectory>().FindAsync(key, CancellationToken.None))!.TenantId;
        var stored = await store.FindAsync(tenant, created.Id, created.CreatedAt, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(TimeSpan.FromDays(30), stored.ExpiresAt - stored.CreatedAt);

        var atExpiry = await store.FindAsync(tenant, created.Id, stored.ExpiresAt, CancellationToken.None);
        var purgedEarly = await store.PurgeExpiredAsync(stored.ExpiresAt.AddSeconds(-1), CancellationToken.None);
        var stillStored = await store.FindAsync(tenant, created.Id, stored.ExpiresAt.AddSeconds(-1), CancellationToken.None);
        var purged = await store.PurgeExpiredAsync(stored.ExpiresAt, CancellationToken.None);
        var afterPurge = await store.FindAsync(tenant, created.Id, stored.CreatedAt, CancellationToken.None);

        Assert.Null(atExpiry);
        Assert.Equal(0, purgedEarly);
        Assert.NotNull(stillStored);
        Assert.Equal(1, purged);
        Assert.Null(afterPurge);
    }

    [Fact]
    public async Task ThePurgeServiceDeletesExpiredResponsesOnItsClockTick()
    {
        var key = await _a.CreateUserKeyAsync();
        ResponseResult created = await ResponsesSdkTests.Client(_a, key).CreateResponseAsync("demo-8b", "purge me");
        var store = _a.Services.GetRequiredService<IResponseStore>();
        var tenant = (await _a.Services.GetRequiredService<GatoLink.PerSilo.Keys.KeyDirectory>().FindAsync(key, CancellationToken.None))!.TenantId;
        var expires = (await store.FindAsync(tenant, created.Id, created.CreatedAt, CancellationToken.None))!.ExpiresAt;
        var clock = new FakeTimeProvider(expires.AddMinutes(-30));
        using var purge = new ResponsePurgeService(store, clock, Options.Create(new ResponsesOptions { PurgeInterval = TimeSpan.FromHours(1) }), NullLogger<ResponsePurgeService>.Instance);
        await purge.StartAsync(CancellationToken.None);

        // Past the expiry but before the first tick: nothing purged yet (reads at an earlier time still find the row).
        clock.Advance(TimeSpan.FromMinutes(59));
        var beforeTick = await store.FindAsync(tenant, created.Id, created.CreatedAt, CancellationToken.None);
        // The service runs its loop on its own thread and may arm its timer only now: each look moves the clock a
        // minute on, so the row goes at the first tick after the timer is armed, whenever that is.
        var afterTick = await Placement.Wait.UntilAsync(
            () =>
            {
                clock.Advance(TimeSpan.FromMinutes(1));
                return store.FindAsync(tenant, created.Id, created.CreatedAt, CancellationToken.None);
            },
            r => r is null,
            TimeSpan.FromSeconds(30));
        await purge.StopAsync(CancellationToken.None);

        Assert.NotNull(beforeTick);
        Assert.Null(afterTick);
    }
}

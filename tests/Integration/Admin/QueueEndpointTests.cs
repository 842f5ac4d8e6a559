using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Abstractions.Models;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Admin;

/// <summary><c>GET /admin/models/{name}/queue</c>: the model's queue by tenant, for system admins only.</summary>
public sealed class QueueEndpointTests : IClassFixture<AdminSiloFixture>
{
    private readonly AdminSiloFixture _fx;

    public QueueEndpointTests(AdminSiloFixture fx) => _fx = fx;

    [Fact]
    public async Task TheQueueIsShownByTenantWithClassesWorkWeightAndNames()
    {
        var silo = _fx.Silo;
        var heavy = await silo.CreateTenantAsync("queue-heavy-" + Guid.NewGuid().ToString("N")[..6], new { weight = 3 });
        var light = await silo.CreateTenantAsync("queue-light-" + Guid.NewGuid().ToString("N")[..6]);
        var queue = silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IModelGrain>("demo-8b");
        var tickets = new List<Guid>();
        var heavyClaim = new QueueClaim(heavy, PriorityClass.Interactive, 3, null, 400);
        var lightClaim = new QueueClaim(light, PriorityClass.Batch, 1, null, 250);
        try
        {
            // The first takes the head; the rest wait behind it (their calls answer "waiting" within a second).
            foreach (var claim in new[] { heavyClaim, heavyClaim, heavyClaim, lightClaim })
            {
                var ticket = Guid.NewGuid();
                tickets.Add(ticket);
                await queue.WaitTurn(ticket, claim, null, 100, TimeSpan.FromMinutes(1), QueueOrder.Fair, CancellationToken.None);
            }

            var view = (await silo.Admin.GetFromJsonAsync<JsonObject>("admin/models/demo/queue"))!;
            var tenants = view["tenants"]!.AsArray().Select(t => t!.AsObject()).ToList();
            var (userId, userSecret) = await silo.CreateKeyAsync(heavy, new { name = "admin-of-heavy", role = "tenant_admin" });
            using var tenantAdmin = silo.Http(userSecret);
            using var refused = await tenantAdmin.GetAsync("admin/models/demo-8b/queue");
            using var unknown = await silo.Admin.GetAsync("admin/models/no-such-model/queue");

            Assert.Equal("demo-8b", (string?)view["model"]);
            Assert.Equal(4, (int)view["length"]!);
            Assert.Equal([heavy.ToString(), light.ToString()], tenants.Select(t => (string)t["tenant_id"]!));
            Assert.Equal(3, (int)tenants[0]["interactive"]!);
            Assert.Equal(0, (int)tenants[0]["batch"]!);
            Assert.Equal(1200, (long)tenants[0]["queued_work"]!);
            Assert.Equal(3, (int)tenants[0]["weight"]!);
            Assert.StartsWith("queue-heavy-", (string?)tenants[0]["tenant_name"], StringComparison.Ordinal);
            Assert.Equal(1, (int)tenants[1]["batch"]!);
            Assert.Equal(250, (long)tenants[1]["queued_work"]!);
            Assert.NotEqual(Guid.Empty, userId);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        finally
        {
            foreach (var ticket in tickets)
            {
                await queue.Leave(ticket);
            }
        }
    }
}

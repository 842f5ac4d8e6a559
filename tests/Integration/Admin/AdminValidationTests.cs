using System.Net;
using System.Text;
using static GatoLink.Integration.Tests.Admin.AdminRequests;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>
/// Every admin write route and query refuses bad input with 400 and an OpenAI-shaped error whose <c>param</c> names
/// the field; nothing answers 500. <c>{huge}</c> stands for a 100,000-character name, <c>{long}</c> for 201 characters.
/// </summary>
public sealed class AdminValidationTests : IClassFixture<AdminSiloFixture>
{
    private readonly AdminSiloFixture _fx;

    public AdminValidationTests(AdminSiloFixture fx) => _fx = fx;

    /// <summary>Method, route ({tenant}, {key} filled in), body (null: none), the field the 400 must name.</summary>
    public static TheoryData<string, string, string?, string> BadInputs() => new()
    {
        // POST /admin/tenants
        { "POST", "admin/tenants", """{"name":"{huge}"}""", "name" },
        { "POST", "admin/tenants", """{"name":"{long}"}""", "name" },
        { "POST", "admin/tenants", "{}", "name" },
        { "POST", "admin/tenants", """{"name":"   "}""", "name" },
        { "POST", "admin/tenants", """{"name":"a\u0007b"}""", "name" },
        { "POST", "admin/tenants", """{"name":5}""", "name" },
        { "POST", "admin/tenants", """{"name":"ok","rpm":-5}""", "rpm" },
        { "POST", "admin/tenants", """{"name":"ok","rpm":0}""", "rpm" },
        { "POST", "admin/tenants", """{"name":"ok","rpm":1.5}""", "rpm" },
        { "POST", "admin/tenants", """{"name":"ok","rpm":"fast"}""", "rpm" },
        { "POST", "admin/tenants", """{"name":"ok","rpm":99999999999}""", "rpm" },
        { "POST", "admin/tenants", """{"name":"ok","tpm":-1}""", "tpm" },
        { "POST", "admin/tenants", """{"name":"ok","tpm":100000000001}""", "tpm" },
        { "POST", "admin/tenants", """{"name":"ok","daily_cost_usd":-0.01}""", "daily_cost_usd" },
        { "POST", "admin/tenants", """{"name":"ok","monthly_cost_usd":1000000000000}""", "monthly_cost_usd" },
        { "POST", "admin/tenants", """{"name":"ok","monthly_tokens":-1}""", "monthly_tokens" },
        { "POST", "admin/tenants", "{not json", "body" },
        { "POST", "admin/tenants", "[1,2]", "body" },
        { "POST", "admin/tenants", "null", "body" },
        { "POST", "admin/tenants", "", "body" },

        // POST /admin/tenants/{id}/keys
        { "POST", "admin/tenants/{tenant}/keys", """{"name":"{long}"}""", "name" },
        { "POST", "admin/tenants/{tenant}/keys", """{"name":""}""", "name" },
        { "POST", "admin/tenants/{tenant}/keys", """{"role":"overlord"}""", "role" },
        { "POST", "admin/tenants/{tenant}/keys", """{"role":7}""", "role" },
        { "POST", "admin/tenants/{tenant}/keys", """{"rpm":-5}""", "rpm" },
        { "POST", "admin/tenants/{tenant}/keys", """{"tpm":0}""", "tpm" },
        { "POST", "admin/tenants/{tenant}/keys", """{"daily_cost_usd":"lots"}""", "daily_cost_usd" },
        { "POST", "admin/tenants/{tenant}/keys", """{"expires_at":"2001-01-01T00:00:00Z"}""", "expires_at" },
        { "POST", "admin/tenants/{tenant}/keys", """{"expires_at":"tomorrow"}""", "expires_at" },
        { "POST", "admin/tenants/{tenant}/keys", """{"allowed_models":"demo-8b"}""", "allowed_models" },
        { "POST", "admin/tenants/{tenant}/keys", """{"allowed_models":["demo-8b",""]}""", "allowed_models" },
        { "POST", "admin/tenants/{tenant}/keys", """{"allowed_models":[null]}""", "allowed_models" },

        // PATCH /admin/tenants/{id}
        { "PATCH", "admin/tenants/{tenant}", """{"name":""}""", "name" },
        { "PATCH", "admin/tenants/{tenant}", """{"name":null}""", "name" },
        { "PATCH", "admin/tenants/{tenant}", """{"name":"{huge}"}""", "name" },
        { "PATCH", "admin/tenants/{tenant}", """{"rpm":-5}""", "rpm" },
        { "PATCH", "admin/tenants/{tenant}", """{"tpm":"x"}""", "tpm" },
        { "PATCH", "admin/tenants/{tenant}", """{"monthly_tokens":-2}""", "monthly_tokens" },
        { "PATCH", "admin/tenants/{tenant}", """{"disabled":"yes"}""", "disabled" },
        { "PATCH", "admin/tenants/{tenant}", """{"disabled":null}""", "disabled" },
        { "PATCH", "admin/tenants/{tenant}", "{", "body" },
        { "PATCH", "admin/tenants/{tenant}", "\"rpm\"", "body" },

        // PATCH /admin/keys/{id}
        { "PATCH", "admin/keys/{key}", """{"name":"\n"}""", "name" },
        { "PATCH", "admin/keys/{key}", """{"role":"root"}""", "role" },
        { "PATCH", "admin/keys/{key}", """{"role":null}""", "role" },
        { "PATCH", "admin/keys/{key}", """{"rpm":-5}""", "rpm" },
        { "PATCH", "admin/keys/{key}", """{"monthly_cost_usd":-3}""", "monthly_cost_usd" },
        { "PATCH", "admin/keys/{key}", """{"allowed_models":[1]}""", "allowed_models" },
        { "PATCH", "admin/keys/{key}", """{"expires_at":"2001-01-01T00:00:00Z"}""", "expires_at" },
        { "PATCH", "admin/keys/{key}", """{"expires_at":"next week"}""", "expires_at" },

        // POST /admin/keys/{id}/rotate
        { "POST", "admin/keys/{key}/rotate?grace_seconds=-1", null, "grace_seconds" },
        { "POST", "admin/keys/{key}/rotate?grace_seconds=abc", null, "grace_seconds" },
        { "POST", "admin/keys/{key}/rotate?grace_seconds=2592001", null, "grace_seconds" },
        { "POST", "admin/keys/{key}/rotate?grace_seconds=99999999999", null, "grace_seconds" },

        // POST /admin/nodes
        { "POST", "admin/nodes", "{}", "base_url" },
        { "POST", "admin/nodes", """{"base_url":"not a url"}""", "base_url" },
        { "POST", "admin/nodes", """{"base_url":"ftp://gpu:21/"}""", "base_url" },
        { "POST", "admin/nodes", """{"base_url":"/v1"}""", "base_url" },
        { "POST", "admin/nodes", """{"id":"a/b","base_url":"http://127.0.0.1:9"}""", "id" },
        { "POST", "admin/nodes", """{"id":"{long}","base_url":"http://127.0.0.1:9"}""", "id" },
        { "POST", "admin/nodes", """{"id":"a\u0000b","base_url":"http://127.0.0.1:9"}""", "id" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","engine":"cuda"}""", "engine" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","engine":42}""", "engine" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","models":[""]}""", "models" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","vram_gb":-1}""", "vram_gb" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","vram_gb":1e9}""", "vram_gb" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","labels":{"":"x"}}""", "labels" },
        { "POST", "admin/nodes", """{"base_url":"http://127.0.0.1:9","labels":{"rack":7}}""", "labels" },

        // PATCH /admin/nodes/{id}
        { "PATCH", "admin/nodes/any", """{"base_url":"gopher://x"}""", "base_url" },
        { "PATCH", "admin/nodes/any", """{"engine":"cuda"}""", "engine" },
        { "PATCH", "admin/nodes/any", """{"vram_gb":"big"}""", "vram_gb" },
        { "PATCH", "admin/nodes/any", """{"models":["{huge}"]}""", "models" },

        // POST /admin/models
        { "POST", "admin/models", "{}", "name" },
        { "POST", "admin/models", """{"name":"{huge}"}""", "name" },
        { "POST", "admin/models", """{"name":"m","aliases":[null]}""", "aliases" },
        { "POST", "admin/models", """{"name":"m","context_length":0}""", "context_length" },
        { "POST", "admin/models", """{"name":"m","context_length":2000000000}""", "context_length" },
        { "POST", "admin/models", """{"name":"m","default_max_tokens":9000}""", "default_max_tokens" },
        { "POST", "admin/models", """{"name":"m","context_length":100,"default_max_tokens":101}""", "default_max_tokens" },
        { "POST", "admin/models", """{"name":"m","strategy":"random_walk"}""", "strategy" },
        { "POST", "admin/models", """{"name":"m","input_price_per_million_usd":-1}""", "input_price_per_million_usd" },
        { "POST", "admin/models", """{"name":"m","output_price_per_million_usd":10000000}""", "output_price_per_million_usd" },

        // PUT /admin/models/{name}/pricing
        { "PUT", "admin/models/demo-8b/pricing", "{}", "input_per_million_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1}""", "output_per_million_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":-1,"output_per_million_usd":1}""", "input_per_million_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":-2}""", "output_per_million_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"effective_from":"2001-01-01T00:00:00Z"}""", "effective_from" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"effective_from":"9000-01-01T00:00:00Z"}""", "effective_from" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"effective_from":"soon"}""", "effective_from" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"cache_hit_usd":-0.01}""", "cache_hit_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"cache_hit_usd":2}""", "cache_hit_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"cache_hit_usd":0.0000001}""", "cache_hit_usd" },
        { "PUT", "admin/models/demo-8b/pricing", """{"input_per_million_usd":1,"output_per_million_usd":1,"cache_hit_usd":"free"}""", "cache_hit_usd" },

        // GET usage
        { "GET", "admin/usage?from=yesterday", null, "from" },
        { "GET", "admin/usage?to=2026-13-01", null, "to" },
        { "GET", "admin/usage?from=1900-01-01", null, "from" },
        { "GET", "admin/usage?to=0001-01-05", null, "to" },
        { "GET", "admin/usage?from=2026-02-01&to=2026-01-01", null, "from" },
        { "GET", "admin/usage?from=2000-01-01&to=2026-01-01", null, "from" },
        { "GET", "admin/usage?group_by=silo", null, "group_by" },
        { "GET", "admin/usage?format=xml", null, "format" },
        { "GET", "admin/tenants/{tenant}/usage?from=May%205", null, "from" },
        { "GET", "admin/keys/{key}/usage?group_by=hour", null, "group_by" },

        // GET audit
        { "GET", "admin/audit?tenant_id=nope", null, "tenant_id" },
        { "GET", "admin/audit?limit=0", null, "limit" },
        { "GET", "admin/audit?limit=1001", null, "limit" },
        { "GET", "admin/audit?limit=abc", null, "limit" },
        { "GET", "admin/audit?from=last%20week", null, "from" },
        { "GET", "admin/audit?to=2026-01-01T25:00:00Z", null, "to" },
        { "GET", "admin/audit?from=2026-02-01&to=2026-01-01", null, "from" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadInputIs400NamingTheField(string method, string route, string? body, string field)
    {
        var path = Fill(route, _fx.Tenant, _fx.Key);
        body = body?.Replace("{huge}", new string('n', 100_000), StringComparison.Ordinal)
            .Replace("{long}", new string('n', 201), StringComparison.Ordinal);

        using var response = await SendAsync(_fx.Silo.Admin, method, path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
        Assert.Equal(field, (string?)error["param"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)error["message"]));
    }

    [Fact]
    public async Task AHugeTenantNameIsRefusedAndNothingIsCreated()
    {
        var name = new string('x', 100_000);

        using var response = await SendAsync(_fx.Silo.Admin, "POST", "admin/tenants", $$"""{"name":"{{name}}"}""");
        var tenants = await _fx.Silo.Admin.GetStringAsync("admin/tenants");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(name[..300], tenants, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatIsNotUtf8IsRefusedAsTheBody()
    {
        var body = Encoding.UTF8.GetBytes("{\"name\":\"a").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        using var response = await SendAsync(_fx.Silo.Admin, "POST", "admin/tenants", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (string?)(await ErrorOf(response))["param"]);
    }

    [Fact]
    public async Task ABodyOverOneMegabyteIs413()
    {
        var body = $$"""{"name":"big","padding":"{{new string('p', 2 * 1024 * 1024)}}"}""";

        using var response = await SendAsync(_fx.Silo.Admin, "POST", "admin/tenants", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request_too_large", (string?)(await ErrorOf(response))["code"]);
    }

    [Theory]
    [InlineData("GET", "admin/tenants/not-a-guid")]
    [InlineData("PATCH", "admin/tenants/123")]
    [InlineData("GET", "admin/keys/zzz")]
    [InlineData("DELETE", "admin/keys/00000000-0000-0000-0000-00000000000g")]
    [InlineData("GET", "admin/keys/1/usage")]
    public async Task AnIdThatIsNotAGuidIs404(string method, string path)
    {
        using var response = await SendAsync(_fx.Silo.Admin, method, path, method == "PATCH" ? "{}" : null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnUnknownGuidIsAnOpenAiShaped404()
    {
        using var response = await SendAsync(_fx.Silo.Admin, "PATCH", $"admin/keys/{Guid.NewGuid()}", """{"rpm":5}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (string?)(await ErrorOf(response))["code"]);
    }

    [Fact]
    public async Task ValuesAtTheBoundsAreAccepted()
    {
        var name = new string('b', 199) + Guid.NewGuid().ToString("N")[..1];
        var expires = DateTimeOffset.UtcNow.AddDays(1).ToString("O");

        using var tenant = await SendAsync(_fx.Silo.Admin, "POST", "admin/tenants", $$"""{"name":"  {{name}}  ","rpm":1,"daily_cost_usd":0,"monthly_tokens":0}""");
        var tenantJson = await JsonOf(tenant);
        using var key = await SendAsync(_fx.Silo.Admin, "POST", $"admin/tenants/{tenantJson["id"]}/keys",
            $$"""{"name":"k","role":"tenant_admin","rpm":100000000,"allowed_models":["demo-8b"],"expires_at":"{{expires}}"}""");
        using var patched = await SendAsync(_fx.Silo.Admin, "PATCH", $"admin/tenants/{tenantJson["id"]}", """{"rpm":null,"disabled":false}""");
        using var rotated = await SendAsync(_fx.Silo.Admin, "POST", $"admin/keys/{(await JsonOf(key))["id"]}/rotate?grace_seconds=2592000", (string?)null);
        using var usage = await SendAsync(_fx.Silo.Admin, "GET", "admin/usage?from=2026-01-01&to=2026-01-31T12:00:00Z&group_by=MODEL&format=csv", (string?)null);
        using var audit = await SendAsync(_fx.Silo.Admin, "GET", $"admin/audit?tenant_id={tenantJson["id"]}&limit=1000&from=2026-01-01", (string?)null);

        Assert.Equal(HttpStatusCode.Created, tenant.StatusCode);
        Assert.Equal(name, (string?)tenantJson["name"]);
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Null((await JsonOf(patched))["rpm"]);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usage.StatusCode);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
    }

    [Fact]
    public async Task AnonymousCallersGet401BeforeAnyValidation()
    {
        using var anonymous = new HttpClient { BaseAddress = _fx.Silo.BaseUrl };

        using var response = await SendAsync(anonymous, "POST", "admin/tenants", """{"rpm":-5}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.NodeSim;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// An external provider node declared in configuration (<c>GatoLink:Nodes:i</c>) with its API key from a file or an
/// environment variable: the key reaches the provider, is stored encrypted, and is in no answer or log line; a key given
/// two ways stops the start with a message naming the setting, not the key.
/// </summary>
public sealed class ConfiguredProviderKeyTests
{
    [Theory]
    [InlineData("ApiKeyFile")]
    [InlineData("ApiKeyEnvironmentVariable")]
    [InlineData("ApiKey")]
    public async Task AProviderKeyFromConfigurationReachesTheProviderAndNoAnswerOrLogLine(string source)
    {
        await using var own = await SimNodes.StartAsync(1, "instant");
        own.Servers[0].Engine.Faults = new SimFaults { FailRate = 1, FailStatus = 500 };
        var options = NodeSimOptions.FromProfile("instant");
        options.ApiKey = "sk-configured-" + Guid.NewGuid().ToString("N");
        await using var provider = await NodeSimServer.StartAsync(options, "http://127.0.0.1:0");
        var file = Path.GetTempFileName();
        var variable = "GATOLINK_TEST_PROVIDER_KEY_" + Guid.NewGuid().ToString("N");
        await File.WriteAllTextAsync(file, options.ApiKey + "\n");
        Environment.SetEnvironmentVariable(variable, options.ApiKey);
        var logs = new LogCapture(LogLevel.Trace);
        try
        {
            var settings = ProviderSettings(provider.BaseUrl);
            settings["GatoLink:Nodes:1:" + source] = source switch { "ApiKeyFile" => file, "ApiKeyEnvironmentVariable" => variable, _ => options.ApiKey };
            settings["Logging:LogLevel:Default"] = "Debug";
            await using var silo = await SiloHarness.StartAsync(own.Urls, settings, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
            using (var policy = await silo.Admin.PutAsJsonAsync("admin/models/demo-8b/overflow", new JsonObject { ["overflow"] = "on_error", ["fallback"] = new JsonArray("provider-1") }))
            {
                policy.EnsureSuccessStatusCode();
            }

            using var http = silo.Http(await silo.CreateUserKeyAsync());
            using var answer = await http.PostAsJsonAsync("v1/chat/completions", ProviderGrid.Chat(3));
            var shown = await (await silo.Admin.GetAsync("admin/nodes/provider-1")).Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal(1, provider.Engine.RequestsCompleted);
            var node = JsonNode.Parse(shown)!;
            Assert.True((bool)node["has_credential"]!);
            Assert.True((bool)node["external"]!);
            Assert.DoesNotContain(options.ApiKey, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(options.ApiKey, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.NotEmpty(logs.Lines);
            Assert.All(logs.Lines, l => Assert.DoesNotContain(options.ApiKey, l.Message + l.Exception, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task AKeyGivenTwoWaysStopsTheStartNamingTheSettingNotTheKey()
    {
        await using var own = await SimNodes.StartAsync(1, "instant");
        var settings = ProviderSettings(new Uri("http://127.0.0.1:9/"));
        settings["GatoLink:Nodes:1:ApiKey"] = "sk-twice-0123456789";
        settings["GatoLink:Nodes:1:ApiKeyEnvironmentVariable"] = "GATOLINK_TEST_UNSET";

        var error = await Assert.ThrowsAnyAsync<Exception>(() => SiloHarness.StartAsync(own.Urls, settings));

        var text = error.ToString();
        Assert.Contains("Nodes[provider-1].ApiKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-twice-0123456789", text, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ProviderSettings(Uri baseUrl) => new()
    {
        ["GatoLink:Nodes:1:Id"] = "provider-1",
        ["GatoLink:Nodes:1:BaseUrl"] = baseUrl.ToString(),
        ["GatoLink:Nodes:1:Engine"] = "openai",
        ["GatoLink:Nodes:1:External"] = "true",
        ["GatoLink:Nodes:1:Models:0"] = "demo-8b",
    };
}

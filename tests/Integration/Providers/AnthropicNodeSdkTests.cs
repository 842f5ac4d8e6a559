using System.Text.Json;
using GatoLink.Grains.Abstractions.Usage;
using GatoLink.Integration.Tests.DataPlane;
using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Integration.Tests.Infrastructure.Skipping;
using GatoLink.Integration.Tests.Portal;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>
/// The official Anthropic Node SDK (<c>@anthropic-ai/sdk</c>, tests/node-sdk/anthropic) against GatoLink's
/// <c>/v1/messages</c> on vLLM-shaped nodes: a message and a stream, each billed as the SDK saw it. Node and npm
/// missing fail it under CI (which installs them) and skip it elsewhere, as for the portal.
/// </summary>
public sealed class AnthropicNodeSdkTests(DataPlaneFixture fx, ITestOutputHelper output) : IClassFixture<DataPlaneFixture>
{
    [ToolFact]
    public async Task TheNodeSdkGetsAMessageAndAStreamBilledAsItSawThem()
    {
        var node = PortalRepository.FindOnPath("node") ?? throw ToolMissing.Stop("node", "Node.js 20");
        var npm = PortalRepository.FindOnPath("npm") ?? throw ToolMissing.Stop("npm", "Node.js 20 and npm");
        var dir = Path.Combine(Path.GetDirectoryName(PortalRepository.SourceDirectory)!, "..", "tests", "node-sdk", "anthropic");
        if (!Directory.Exists(Path.Combine(dir, "node_modules")))
        {
            Assert.Equal(0, (await RunAsync(npm, "ci --no-audit --no-fund", dir)).Exit);
        }

        var (exit, stdout) = await RunAsync(node, "messages.mjs", dir);

        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var message = doc.RootElement.GetProperty("message");
        var stream = doc.RootElement.GetProperty("stream");
        Assert.Equal("max_tokens", message.GetProperty("stop_reason").GetString());
        Assert.Equal(6, message.GetProperty("text").GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        AssertBilled(message, 6);
        Assert.Equal(["message_start", "content_block_start", .. Enumerable.Repeat("content_block_delta", 5), "content_block_stop", "message_delta", "message_stop"], stream.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(stream.GetProperty("text").GetString(), stream.GetProperty("final_text").GetString());
        AssertBilled(stream, 5);
    }

    private void AssertBilled(JsonElement seen, int outputTokens)
    {
        var id = seen.GetProperty("id").GetString()!;
        var row = fx.Silo.Services.GetRequiredService<RecentUsageSink>().Snapshot().Single(e => "msg_" + e.RequestId["req_".Length..] == id);
        Assert.Equal(UsageStatus.Success, row.Status);
        Assert.Equal(outputTokens, row.CompletionTokens);
        Assert.Equal(seen.GetProperty("usage").GetProperty("output_tokens").GetInt32(), row.CompletionTokens);
        Assert.Equal(seen.GetProperty("usage").GetProperty("input_tokens").GetInt32(), row.PromptTokens);
    }

    private Task<(int Exit, string Stdout)> RunAsync(string file, string arguments, string directory) =>
        ToolProcess.RunAsync(file, arguments, directory, output, new Dictionary<string, string>
        {
            ["GATOLINK_URL"] = fx.Silo.BaseUrl.ToString().TrimEnd('/'),
            ["GATOLINK_KEY"] = fx.UserKey,
        });
}

using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.DataPlane.Sse;

/// <summary>
/// An OpenAI-compatible node on 127.0.0.1 that answers a streamed chat with a recorded stream, chosen by the last
/// user message (<c>replay:NAME</c>), sent a few bytes per write so events, CRLFs and CR-LF pairs are cut across reads.
/// </summary>
internal sealed class ReplayNode : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ReplayNode(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The node's base URL.</summary>
    public Uri Url { get; }

    public static async Task<ReplayNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/v1/models", () => Results.Text("""{"object":"list","data":[{"id":"demo-8b","object":"model"}]}""", "application/json"));
        app.MapPost("/v1/chat/completions", ReplayAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReplayNode(app, new Uri(address.TrimEnd('/') + "/"));
    }

    private static async Task ReplayAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body);
        var content = body.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        var stream = Encoding.UTF8.GetBytes(RecordedStreams.All[content["replay:".Length..]]);
        context.Response.ContentType = "text/event-stream";
        for (var offset = 0; offset < stream.Length; offset += 5)
        {
            await context.Response.Body.WriteAsync(stream.AsMemory(offset, Math.Min(5, stream.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatoLink.Integration.Tests.Alerts;

/// <summary>A real HTTP receiver on loopback that records every webhook POST and answers 500 to the first ones it is told to.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, int failFirst)
    {
        _app = app;
        _failuresLeft = failFirst;
    }

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync(int failFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, failFirst);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var status = Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? 500 : 200;
            receiver._received.Writer.TryWrite(new Received(
                body.ToArray(), request.Headers["x-gatolink-signature"].ToString(), request.Headers["x-gatolink-event-id"].ToString(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next POST, waiting at most <paramref name="limit"/>.</summary>
    public async Task<Received> NextAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        return await _received.Reader.ReadAsync(cts.Token);
    }

    /// <summary>Whether another POST is already here.</summary>
    public bool TryNext(out Received? received) => _received.Reader.TryRead(out received);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    internal sealed record Received(byte[] Body, string Signature, string EventId, int AnsweredStatus);
}

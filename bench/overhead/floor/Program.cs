// The least a .NET gateway can do per request: Kestrel takes it, HttpClient forwards it to the node over a pooled
// keep-alive connection, and the answer is copied back as it comes, flushed after every read so that SSE streams.
// No authentication, limits, placement, usage record, metrics or logging: bench/overhead runs it beside nginx and
// GatoLink so that the part of GatoLink's cost that is .NET's own HTTP (two hops, the async machinery, the thread
// pool) is measured rather than guessed. Written here rather than taken from YARP: YARP is not served by this
// machine's package feed, and this is only a measuring stick.
using System.Net;

var upstream = new Uri(Environment.GetEnvironmentVariable("FLOOR_UPSTREAM")
    ?? throw new InvalidOperationException("Set FLOOR_UPSTREAM to the node's base URL."));
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
using var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    UseCookies = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
});

app.Map("/{**path}", async (HttpContext context) =>
{
    var request = context.Request;
    using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(upstream, request.Path + request.QueryString));
    if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
    {
        forward.Content = new StreamContent(request.Body);
        if (request.ContentType is { } type)
        {
            forward.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
    }

    if (request.Headers.Authorization.Count > 0)
    {
        forward.Headers.TryAddWithoutValidation("Authorization", request.Headers.Authorization.ToString());
    }

    using var answer = await client.SendAsync(forward, context.RequestAborted);
    var response = context.Response;
    response.StatusCode = (int)answer.StatusCode;
    if (answer.Content.Headers.ContentType is { } contentType)
    {
        response.ContentType = contentType.ToString();
    }

    if (answer.Content.Headers.ContentLength is { } length)
    {
        response.ContentLength = length;
    }

    await using var body = await answer.Content.ReadAsStreamAsync(context.RequestAborted);
    var buffer = new byte[16 * 1024];
    int read;
    while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
    {
        await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);
    }
});

app.Run();

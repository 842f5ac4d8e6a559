using GatoLink.Gateway.Errors;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Hosting;

/// <summary>
/// The data plane's side of a drain. While the silo drains, a new <c>/v1</c> request is refused before it reads a byte
/// (503, <c>Retry-After</c>, OpenAI's error shape: a balancer may retry it on another silo) and every response asks
/// the client to close its connection. A request that runs sees the drain's cut through
/// <see cref="HttpContext.RequestAborted"/>; when the cut ends it, a stream gets an OpenAI-shaped error event after
/// what it already sent, and a request that sent nothing gets the 503. Usage is recorded by the request's own path.
/// </summary>
public sealed partial class DrainMiddleware
{
    private readonly RequestDelegate _next;
    private readonly DrainState _drain;
    private readonly DrainOptions _options;
    private readonly ILogger<DrainMiddleware> _logger;

    /// <summary>Created once by the pipeline.</summary>
    public DrainMiddleware(RequestDelegate next, DrainState drain, IOptions<DrainOptions> options, ILogger<DrainMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _next = next;
        _drain = drain;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Runs one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_drain.IsDraining)
        {
            context.Response.Headers.Connection = "close";
        }

        if (!DataPlane.Serves(context.Request.Path))
        {
            await _next(context);
            return;
        }

        if (!_drain.TryEnter())
        {
            context.Response.Headers.Connection = "close";
            LogRefused(_logger, context.Request.Path);
            await OpenAiErrors.WriteAsync(context, Error("This silo is shutting down; retry the request."));
            return;
        }

        try
        {
            await RunAsync(context);
        }
        finally
        {
            _drain.Exit();
        }
    }

    private async Task RunAsync(HttpContext context)
    {
        var clientAborted = context.RequestAborted;
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(clientAborted, _drain.Cut);
        context.RequestAborted = aborted.Token;
        try
        {
            await _next(context);
        }
        catch (OperationCanceledException) when (_drain.Cut.IsCancellationRequested && !clientAborted.IsCancellationRequested)
        {
            // The cut reached code that lets cancellation through (admission, the placement queue): answered below.
            LogCutEarly(_logger, context.Request.Path);
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }

        if (aborted.IsCancellationRequested && _drain.Cut.IsCancellationRequested && !clientAborted.IsCancellationRequested)
        {
            await EndCutAsync(context);
        }
    }

    private async Task EndCutAsync(HttpContext context)
    {
        var error = Error("This silo is shutting down and its drain timeout ended the request; retry it.");
        var response = context.Response;
        LogCut(_logger, context.Request.Path, response.HasStarted);
        if (!response.HasStarted)
        {
            response.Headers.Connection = "close";
            await OpenAiErrors.WriteAsync(context, error);
            return;
        }

        if (response.ContentType?.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase) != true)
        {
            // A JSON body cut in the middle must not look whole to the client.
            context.Abort();
            return;
        }

        try
        {
            await response.BodyWriter.WriteAsync(OpenAiErrors.SseEvent(error), context.RequestAborted);
            await response.BodyWriter.FlushAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
            LogCutUnsent(_logger, ex, context.Request.Path);
        }
    }

    private GatoError Error(string message) =>
        new(ErrorKind.ServiceUnavailable, message, "silo_draining", RetryAfterSeconds: _options.RetryAfterSeconds);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Draining: refused {Path} with 503")]
    private static partial void LogRefused(ILogger logger, string path);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Drain timeout: ended {Path} (response started: {Started})")]
    private static partial void LogCut(ILogger logger, string path, bool started);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug, Message = "Drain timeout cancelled {Path} before it answered")]
    private static partial void LogCutEarly(ILogger logger, string path);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Drain timeout: the error event for {Path} could not be sent")]
    private static partial void LogCutUnsent(ILogger logger, Exception exception, string path);
}

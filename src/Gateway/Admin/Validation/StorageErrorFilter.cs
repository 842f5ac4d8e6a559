using System.Data.Common;
using GatoLink.Grains.Abstractions.Errors;
using GatoLink.Grains.Abstractions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>
/// Turns storage failures of an admin write into answers: a unique violation (SQLite or PostgreSQL, typed by the
/// storage layer) is 409 naming the field; a database that fails or is away is 503 with <c>Retry-After</c>, logged
/// with the route and the admin key. Anything else is a bug and goes on to the host's error handling.
/// </summary>
public sealed partial class StorageErrorFilter : IEndpointFilter
{
    private const int RetryAfterSeconds = 2;

    private readonly ILogger<StorageErrorFilter> _logger;

    /// <summary>Created per endpoint by the filter pipeline.</summary>
    public StorageErrorFilter(ILogger<StorageErrorFilter> logger) => _logger = logger;

    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (DuplicateEntityException ex)
        {
            var entity = ex.Entity ?? "record";
            var field = UniqueField(entity);
            LogDuplicate(_logger, http.Request.Method, http.Request.Path, entity);
            return AdminResults.Conflict($"A {entity} with the same {field ?? "identity"} already exists.", field);
        }
        catch (DbException ex) when (!http.RequestAborted.IsCancellationRequested)
        {
            LogStorageFailed(_logger, ex, http.Request.Method, http.Request.Path, AdminPrincipal.Find(http)?.KeyId);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return AdminResults.Error(new GatoError(
                ErrorKind.ServiceUnavailable, "The database is not available; try again shortly.", "storage_unavailable", RetryAfterSeconds: RetryAfterSeconds));
        }
    }

    // The storage layer names the table whose constraint held; the client knows the field it sent.
    private static string? UniqueField(string entity) => entity switch
    {
        "tenant" or "model" => "name",
        "gpu node" => "id",
        "model price" => "effective_from",
        _ => null,
    };

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Admin {Method} {Path} refused: a {Entity} with the same identity exists")]
    private static partial void LogDuplicate(ILogger logger, string method, string path, string entity);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "Admin {Method} {Path} by key {KeyId} failed in storage")]
    private static partial void LogStorageFailed(ILogger logger, Exception exception, string method, string path, Guid? keyId);
}

namespace GatoLink.Grains.Abstractions.Errors;

/// <summary>A refusal with the fields of OpenAI's error object.</summary>
/// <param name="Kind">Decides the HTTP status and type.</param>
/// <param name="Message">Human text; never contains a secret.</param>
/// <param name="Code">OpenAI's <c>code</c> (invalid_api_key, model_not_found, rate_limit_exceeded, …).</param>
/// <param name="Param">The offending request field, if any.</param>
/// <param name="RetryAfterSeconds">For 429/503: when to come back.</param>
[GenerateSerializer]
[Alias("gatolink.error")]
public sealed record GatoError(
    ErrorKind Kind,
    string Message,
    string? Code = null,
    string? Param = null,
    int? RetryAfterSeconds = null)
{
    /// <summary>HTTP status for the kind.</summary>
    public int HttpStatus => Kind switch
    {
        ErrorKind.InvalidRequest => 400,
        ErrorKind.InvalidApiKey => 401,
        ErrorKind.PermissionDenied => 403,
        ErrorKind.ModelNotFound or ErrorKind.NotFound => 404,
        ErrorKind.Conflict => 409,
        ErrorKind.RequestTooLarge => 413,
        ErrorKind.RateLimited or ErrorKind.BudgetExceeded or ErrorKind.InsufficientQuota => 429,
        ErrorKind.UpstreamError => 502,
        ErrorKind.NoCapacity or ErrorKind.ServiceUnavailable => 503,
        ErrorKind.UpstreamTimeout => 504,
        _ => 500,
    };

    /// <summary>OpenAI's <c>type</c> for the kind.</summary>
    public string Type => Kind switch
    {
        ErrorKind.InvalidRequest or ErrorKind.ModelNotFound or ErrorKind.NotFound or ErrorKind.RequestTooLarge or ErrorKind.Conflict => "invalid_request_error",
        ErrorKind.InvalidApiKey => "authentication_error",
        ErrorKind.PermissionDenied => "permission_error",
        ErrorKind.RateLimited or ErrorKind.BudgetExceeded => "rate_limit_error",
        ErrorKind.InsufficientQuota => "insufficient_quota",
        _ => "server_error",
    };
}

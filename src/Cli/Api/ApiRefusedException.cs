using System.Net;

namespace GatoLink.Cli.Api;

/// <summary>The silo answered, and said no: a 4xx or 5xx with its own message.</summary>
public sealed class ApiRefusedException : Exception
{
    /// <summary>A refusal.</summary>
    public ApiRefusedException(HttpStatusCode status, string message, string? code)
        : base(message)
    {
        Status = status;
        Code = code;
    }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The error code the silo gave (<c>not_found</c>, <c>invalid_api_key</c>…), if any.</summary>
    public string? Code { get; }
}

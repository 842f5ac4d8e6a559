using GatoLink.Gateway.Admin.Validation;
using GatoLink.Gateway.Errors;
using GatoLink.Gateway.Json;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GatoLink.Gateway.Admin;

/// <summary>Admin errors, in the same OpenAI shape as the data plane's.</summary>
public static class AdminResults
{
    /// <summary>The error as a JSON result with its status.</summary>
    public static JsonHttpResult<ErrorEnvelope> Error(GatoError error) =>
        TypedResults.Json(OpenAiErrors.Envelope(error), statusCode: error.HttpStatus);

    /// <summary>404 for something missing or not the caller's.</summary>
    public static JsonHttpResult<ErrorEnvelope> NotFound(string what) =>
        Error(new GatoError(ErrorKind.NotFound, $"{what} was not found.", "not_found"));

    /// <summary>400 for a bad field.</summary>
    public static JsonHttpResult<ErrorEnvelope> Invalid(string message, string param) =>
        Error(new GatoError(ErrorKind.InvalidRequest, message, "invalid_request_error", param));

    /// <summary>400 for a field that breaks a rule.</summary>
    public static JsonHttpResult<ErrorEnvelope> Invalid(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Invalid(error.Message, error.Field);
    }

    /// <summary>409 for a name or identity that already exists.</summary>
    public static JsonHttpResult<ErrorEnvelope> Conflict(string message, string? param) =>
        Error(new GatoError(ErrorKind.Conflict, message, "conflict", param));

    /// <summary>403 for a system-admin-only action.</summary>
    public static JsonHttpResult<ErrorEnvelope> SystemOnly() =>
        Error(new GatoError(ErrorKind.PermissionDenied, "Only a system admin may do this.", "insufficient_permissions"));
}

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>The first field of an admin request that breaks a rule; answered as 400 with <c>param</c> = <paramref name="Field"/>.</summary>
/// <param name="Field">The JSON field or query parameter, as the client spells it (<c>rpm</c>, <c>base_url</c>, <c>from</c>).</param>
/// <param name="Message">What is wrong, for a human.</param>
public sealed record FieldError(string Field, string Message);

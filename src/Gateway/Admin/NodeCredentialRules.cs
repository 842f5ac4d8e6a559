using GatoLink.Gateway.Admin.Validation;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// The rules of a node's provider fields (<c>external</c>, <c>api_key</c>). An error never quotes the key, so it cannot
/// reach a response, a log line or an audit row.
/// </summary>
public static class NodeCredentialRules
{
    /// <summary>Longest API key a node may hold.</summary>
    public const int MaxApiKeyLength = 4096;

    /// <summary>
    /// An API key: printable ASCII without spaces (it travels in an HTTP header), at most <see cref="MaxApiKeyLength"/>
    /// characters; empty only where <paramref name="emptyRemoves"/> (a patch removing the key).
    /// </summary>
    public static FieldError? ApiKey(string? key, bool emptyRemoves)
    {
        if (key is null || (key.Length == 0 && emptyRemoves))
        {
            return null;
        }

        if (key.Length == 0)
        {
            return new FieldError("api_key", "'api_key' cannot be empty.");
        }

        if (key.Length > MaxApiKeyLength)
        {
            return new FieldError("api_key", $"'api_key' may be at most {MaxApiKeyLength} characters.");
        }

        foreach (var c in key)
        {
            if (c is <= ' ' or > '~')
            {
                return new FieldError("api_key", "'api_key' may hold printable ASCII characters only, without spaces.");
            }
        }

        return null;
    }

    /// <summary>An external node lists its models: a provider offers far more than the grid should route to it.</summary>
    public static FieldError? ExternalModels(bool external, IReadOnlyList<string>? models) =>
        external && models is not { Count: > 0 }
            ? new FieldError("models", "'models' is required for an external node: list the models it may serve.")
            : null;
}

using GatoLink.Gateway.Errors;
using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Attribution;
using GatoLink.Grains.Abstractions.Errors;
using Microsoft.Extensions.Primitives;
using GatoLink.PerSilo.Tenants;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway.Attribution;

/// <summary>
/// A request's attribution tags, from lowest to highest precedence: the tenant's defaults, the key's defaults, the
/// body's <c>metadata</c>, its <c>user</c> (as the tag <c>user</c>) and the header <c>x-gatolink-tags: k=v,k=v</c>.
/// A tag the request sets must be allowed by the key's and the tenant's allowed keys (when they list any), else the
/// request is a 400 naming it; <c>user</c> is an OpenAI field many SDK callers send, so where it is not allowed it is
/// left out rather than refused. In-memory only: the policies come with the key and tenant caches.
/// </summary>
public sealed class RequestTags(TenantDirectory tenants)
{
    /// <summary>The header carrying tags.</summary>
    public const string Header = "x-gatolink-tags";

    /// <summary>The tags of one request (null when it has none), or the 400 to answer.</summary>
    public (IReadOnlyDictionary<string, string>? Tags, GatoError? Error) Resolve(ApiKeyEntry key, ParsedRequest request, StringValues header)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        var keyPolicy = key.Record.Tags;
        var tenantPolicy = tenants.Get(key.TenantId)?.Record.Tags;
        if (keyPolicy is null && tenantPolicy is null && request.Metadata is null && request.User is null && StringValues.IsNullOrEmpty(header))
        {
            return (null, null); // the common case costs nothing
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        Defaults(tags, tenantPolicy);
        Defaults(tags, keyPolicy);
        foreach (var (name, value) in request.Metadata ?? [])
        {
            if (Set(tags, name, value, "metadata." + name, keyPolicy, tenantPolicy) is { } error)
            {
                return (null, error);
            }
        }

        if (request.User is { Length: > 0 } user && (keyPolicy?.Allows("user") ?? true) && (tenantPolicy?.Allows("user") ?? true))
        {
            if (TagRules.ValueProblem(user) is { } problem)
            {
                return (null, OpenAiErrors.InvalidRequest($"'user' is used as the tag 'user': {problem}.", "user"));
            }

            tags["user"] = user;
        }

        foreach (var text in header)
        {
            foreach (var pair in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    return (null, OpenAiErrors.InvalidRequest($"The header {Header} must be key=value pairs separated by commas; '{Clip(pair)}' is not one.", Header));
                }

                if (Set(tags, pair[..eq].Trim(), pair[(eq + 1)..].Trim(), Header, keyPolicy, tenantPolicy) is { } error)
                {
                    return (null, error);
                }
            }
        }

        if (tags.Count > TagRules.MaxTags)
        {
            return (null, OpenAiErrors.InvalidRequest($"A request carries at most {TagRules.MaxTags} tags, its key's and tenant's defaults included; this one has {tags.Count}.", request.Metadata is null ? Header : "metadata"));
        }

        return (tags.Count == 0 ? null : tags, null);
    }

    private static void Defaults(Dictionary<string, string> tags, TagPolicy? policy)
    {
        foreach (var (name, value) in policy?.Defaults ?? new Dictionary<string, string>())
        {
            tags[name] = value;
        }
    }

    private static GatoError? Set(Dictionary<string, string> tags, string name, string value, string param, TagPolicy? keyPolicy, TagPolicy? tenantPolicy)
    {
        if (TagRules.KeyProblem(name) is { } keyProblem)
        {
            return OpenAiErrors.InvalidRequest($"Tag '{Clip(name)}': {keyProblem}.", param);
        }

        if (TagRules.ValueProblem(value) is { } valueProblem)
        {
            return OpenAiErrors.InvalidRequest($"Tag '{name}': {valueProblem}.", param);
        }

        if (!(keyPolicy?.Allows(name) ?? true) || !(tenantPolicy?.Allows(name) ?? true))
        {
            var allowed = (keyPolicy?.AllowedKeys.Count > 0 ? keyPolicy : tenantPolicy)!.AllowedKeys;
            return new GatoError(ErrorKind.InvalidRequest, $"Tag '{name}' is not allowed for this key; allowed tag keys: {string.Join(", ", allowed)}.", "tag_not_allowed", param);
        }

        tags[name] = value;
        return null;
    }

    // Refused input is echoed only in part, so an error line stays short.
    private static string Clip(string text) => text.Length <= 64 ? text : text[..64] + "…";
}

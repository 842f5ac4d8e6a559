using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// Body of <c>PUT /admin/models/{name}/overflow</c>: the policy (<c>never</c>, <c>when_saturated</c>, <c>on_error</c>)
/// and the fallback chain, external node ids in the order they are tried after the own pool.
/// </summary>
public sealed record OverflowRequest(OverflowPolicy? Overflow, IReadOnlyList<string>? Fallback) : IAdminRequest<OverflowRequest>
{
    /// <summary>Longest chain: each link is one more attempt before the client hears anything.</summary>
    public const int MaxChainLength = 8;

    /// <inheritdoc />
    public FieldError? Validate(DateTimeOffset now) =>
        (Overflow is null ? FieldRules.Required("overflow") : null)
        ?? FieldRules.Defined(Overflow, "overflow")
        ?? FieldRules.Names(Fallback, "fallback")
        ?? (Fallback is { Count: > MaxChainLength } ? new FieldError("fallback", $"'fallback' may name at most {MaxChainLength} providers.") : null)
        ?? Duplicate()
        ?? (Overflow is not OverflowPolicy.Never && Fallback is not { Count: > 0 }
            ? new FieldError("fallback", $"'fallback' must name at least one external node when 'overflow' is not 'never'.")
            : null);

    /// <summary>The chain, trimmed.</summary>
    public List<string> Chain => Fallback?.Select(f => f.Trim()).ToList() ?? [];

    private FieldError? Duplicate()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var chain = Chain;
        for (var i = 0; i < chain.Count; i++)
        {
            if (!seen.Add(chain[i]))
            {
                return new FieldError($"fallback[{i}]", $"'fallback[{i}]' names '{chain[i]}' a second time.");
            }
        }

        return null;
    }
}

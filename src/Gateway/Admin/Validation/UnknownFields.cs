using System.Text.Json;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>
/// Refuses a body field the request does not know, so that a misspelled limit (<c>daily_cost_us</c>) is a 400
/// naming it, with the closest known name, instead of a 200 that sets nothing.
/// </summary>
public static class UnknownFields
{
    /// <summary>The first top-level field of <paramref name="body"/> not in <paramref name="known"/>, or null.</summary>
    public static FieldError? Find(JsonElement body, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (var property in body.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                return Refused(property.Name, known);
            }
        }

        return null;
    }

    /// <summary>The error for <paramref name="field"/>: names it and, when one is close, the known field meant.</summary>
    public static FieldError Refused(string field, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(field);
        var closest = Closest(field, known);
        return new FieldError(
            field,
            closest is null
                ? $"Unknown field '{field}'. Known fields: {string.Join(", ", known)}."
                : $"Unknown field '{field}'; did you mean '{closest}'?");
    }

    /// <summary>
    /// The known name closest to <paramref name="field"/>: the same once case, '_' and '-' are ignored, else the
    /// fewest single-character edits, within a third of the name's length (at most 3), so unrelated names get none.
    /// </summary>
    public static string? Closest(string field, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(field);
        ArgumentNullException.ThrowIfNull(known);
        var plain = Plain(field);
        string? best = null;
        var bestDistance = Math.Clamp(field.Length / 3, 1, 3) + 1;
        foreach (var name in known)
        {
            var distance = Plain(name) == plain ? 0 : EditDistance.Between(field, name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static string Plain(string name) => name.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}

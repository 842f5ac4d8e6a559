using System.Text.Json;
using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Attribution;

namespace GatoLink.Gateway.Admin;

/// <summary>
/// The attribution part of a tenant or key PATCH: <c>default_tags</c> (an object of tag values, at most
/// <see cref="TagRules.MaxTags"/>) and <c>allowed_tag_keys</c> (a list; empty or null: any key). Absent stays,
/// <c>null</c> clears.
/// </summary>
public sealed record TagPolicyPatch(PatchField<IReadOnlyDictionary<string, string>?> DefaultTags, PatchField<IReadOnlyList<string>?> AllowedKeys)
{
    /// <summary>Reads the two fields of <paramref name="body"/>; the wrong type throws <see cref="BadFieldException"/>.</summary>
    public static TagPolicyPatch Read(JsonElement body, JsonSerializerOptions json) => new(
        AdminJson.Field<IReadOnlyDictionary<string, string>?>(body, "default_tags", json),
        AdminJson.Field<IReadOnlyList<string>?>(body, "allowed_tag_keys", json));

    /// <summary>The first field that breaks a tag rule, naming the tag.</summary>
    public FieldError? Validate()
    {
        if (DefaultTags.Value is { } defaults)
        {
            if (defaults.Count > TagRules.MaxTags)
            {
                return new("default_tags", $"'default_tags' may hold at most {TagRules.MaxTags} tags.");
            }

            foreach (var (key, value) in defaults)
            {
                if ((TagRules.KeyProblem(key) ?? (value is null ? "the value must be a string" : TagRules.ValueProblem(value))) is { } problem)
                {
                    return new("default_tags." + key, $"Tag '{key}' of 'default_tags': {problem}.");
                }
            }
        }

        if (AllowedKeys.Value is { } allowed)
        {
            if (allowed.Count > 100)
            {
                return new("allowed_tag_keys", "'allowed_tag_keys' may hold at most 100 keys.");
            }

            foreach (var key in allowed)
            {
                if ((key is null ? "a key must be a string" : TagRules.KeyProblem(key)) is { } problem)
                {
                    return new("allowed_tag_keys", $"'allowed_tag_keys' entry '{key}': {problem}.");
                }
            }
        }

        return null;
    }

    /// <summary>The patched policy; null when it ends with no defaults and any key.</summary>
    public TagPolicy? Apply(TagPolicy? current)
    {
        var defaults = DefaultTags.IsSet ? DefaultTags.Value ?? new Dictionary<string, string>() : current?.Defaults ?? new Dictionary<string, string>();
        var allowed = AllowedKeys.IsSet ? AllowedKeys.Value ?? [] : current?.AllowedKeys ?? [];
        return defaults.Count == 0 && allowed.Count == 0 ? null : new TagPolicy(new Dictionary<string, string>(defaults), allowed.Distinct(StringComparer.Ordinal).ToList());
    }
}

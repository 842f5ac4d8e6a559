using GatoLink.Gateway.Admin.Validation;
using GatoLink.Grains.Abstractions.Attribution;
using GatoLink.Grains.Billing;
using GatoLink.PerSilo.Billing;

namespace GatoLink.Gateway.Admin;

/// <summary>The usage API's <c>group_by</c> (<c>day|model|key|tenant|node|tag:KEY</c>) and <c>tag=KEY:VALUE</c> filters.</summary>
public static class UsageGroupingText
{
    private const string TagPrefix = "tag:";

    /// <summary>The grouping, the tag key for <c>tag:KEY</c>, or the error naming <c>group_by</c>.</summary>
    public static (UsageGrouping Grouping, string? Tag, FieldError? Error) Parse(string? text)
    {
        if (text is not null && text.StartsWith(TagPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var key = text[TagPrefix.Length..];
            return TagRules.KeyProblem(key) is { } problem
                ? (default, null, new FieldError("group_by", $"'group_by' tag:KEY needs a tag key: {problem}."))
                : (UsageGrouping.Tag, key, null);
        }

        UsageGrouping? grouping = text?.ToLowerInvariant() switch
        {
            null or "" or "day" => UsageGrouping.Day,
            "model" => UsageGrouping.Model,
            "key" => UsageGrouping.Key,
            "tenant" => UsageGrouping.Tenant,
            "node" => UsageGrouping.Node,
            _ => null,
        };
        return grouping is { } g
            ? (g, null, null)
            : (default, null, new FieldError("group_by", "'group_by' must be day, model, key, tenant, node or tag:KEY."));
    }

    /// <summary>The filters of every <c>tag=KEY:VALUE</c> (null when none), or the error naming <c>tag</c>.</summary>
    public static (IReadOnlyDictionary<string, string>? Filters, FieldError? Error) Filters(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return (null, null);
        }

        if (values.Length > TagRules.MaxTags)
        {
            return (null, new FieldError("tag", $"At most {TagRules.MaxTags} 'tag' filters."));
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            var problem = colon <= 0 ? "it must be KEY:VALUE"
                : TagRules.KeyProblem(value[..colon]) ?? TagRules.ValueProblem(value[(colon + 1)..]);
            if (problem is not null)
            {
                return (null, new FieldError("tag", $"'tag' filter is not a tag: {problem}."));
            }

            filters[value[..colon]] = value[(colon + 1)..];
        }

        return (filters, null);
    }

    /// <summary>The text of a grouping as the report shows it.</summary>
    public static string ToText(UsageGrouping grouping, string? tag) => grouping switch
    {
        UsageGrouping.Tag => TagPrefix + tag,
        _ => grouping.ToString().ToLowerInvariant(),
    };
}

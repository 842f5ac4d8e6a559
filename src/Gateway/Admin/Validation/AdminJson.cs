using System.Text.Json;

namespace GatoLink.Gateway.Admin.Validation;

/// <summary>Reads admin JSON so that a value of the wrong type names its field instead of failing the whole body.</summary>
public static class AdminJson
{
    /// <summary>The whole body as <typeparamref name="T"/>; a bad value throws <see cref="BadFieldException"/> naming its top-level field.</summary>
    public static T Deserialize<T>(JsonElement body, JsonSerializerOptions json)
        where T : class
    {
        try
        {
            return body.Deserialize<T>(json) ?? throw new BadFieldException("body");
        }
        catch (JsonException ex)
        {
            throw new BadFieldException(FieldOf(ex.Path), ex);
        }
    }

    /// <summary>One merge-patch field: unset when absent, else its value (null allowed); the wrong type throws <see cref="BadFieldException"/>.</summary>
    public static PatchField<T> Field<T>(JsonElement body, string name, JsonSerializerOptions json)
    {
        if (!body.TryGetProperty(name, out var element))
        {
            return default;
        }

        try
        {
            return new PatchField<T>(true, element.Deserialize<T>(json)!);
        }
        catch (JsonException ex)
        {
            throw new BadFieldException(name, ex);
        }
    }

    /// <summary>The JSON names of <typeparamref name="T"/>'s properties, as <paramref name="json"/> spells them.</summary>
    public static IReadOnlyCollection<string> FieldsOf<T>(JsonSerializerOptions json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return json.GetTypeInfo(typeof(T)).Properties.Select(p => p.Name).ToArray();
    }

    /// <summary>The top-level field of a JSON path: <c>$.allowed_models[2]</c> → <c>allowed_models</c>; the root → <c>body</c>.</summary>
    public static string FieldOf(string? path)
    {
        if (path is null || !path.StartsWith("$.", StringComparison.Ordinal))
        {
            return "body";
        }

        var rest = path.AsSpan(2);
        var end = rest.IndexOfAny('.', '[');
        return (end < 0 ? rest : rest[..end]).ToString() is { Length: > 0 } field ? field : "body";
    }
}

using System.Text.Json;

namespace GatoLink.Gateway.OpenAi;

/// <summary>
/// Reads OpenAI's <c>metadata</c> (an object of strings) and <c>user</c> (a string) for attribution tags. Only their
/// shape is checked here; what a tag may be and which keys a key may set is <c>RequestTags</c>' decision.
/// </summary>
internal static class AttributionFields
{
    /// <summary>Reads the value of <c>metadata</c> (the reader is on its property name).</summary>
    public static bool ReadMetadata(ref Utf8JsonReader reader, ParsedRequest result, out RequestParseError? error)
    {
        error = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            error = new RequestParseError("'metadata' must be an object of strings.", "metadata");
            return false;
        }

        var pairs = new List<KeyValuePair<string, string>>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString() ?? "";
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                error = new RequestParseError($"'metadata.{key}' must be a string.", "metadata." + key);
                return false;
            }

            pairs.Add(new(key, reader.GetString() ?? ""));
        }

        result.Metadata = pairs;
        return true;
    }

    /// <summary>Reads the value of <c>user</c> (the reader is on its property name).</summary>
    public static bool ReadUser(ref Utf8JsonReader reader, ParsedRequest result, out RequestParseError? error)
    {
        error = null;
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            error = new RequestParseError("'user' must be a string.", "user");
            return false;
        }

        result.User = reader.GetString();
        return true;
    }
}

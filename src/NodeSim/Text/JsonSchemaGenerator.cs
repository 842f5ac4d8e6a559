using System.Buffers;
using System.Text;
using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// Deterministic "guided decoding": writes a JSON value that a schema accepts, drawing every free choice from a
/// seeded RNG. Supported keywords: <c>type</c> (one or a list; object, array, string, number, integer, boolean,
/// null), <c>properties</c>, <c>required</c>, <c>items</c>, <c>enum</c>, <c>const</c>, <c>minItems</c>/<c>maxItems</c>,
/// <c>minLength</c>/<c>maxLength</c>, <c>minimum</c>/<c>maximum</c>, <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>
/// (numbers), <c>anyOf</c>/<c>oneOf</c> (the first branch), <c>allOf</c> (the first branch), and <c>$ref</c> to
/// <c>#/$defs/…</c> or <c>#/definitions/…</c>. Other keywords (pattern, format, multipleOf, uniqueItems,
/// additionalProperties, if/then/else, not, dependent*) are ignored.
/// </summary>
internal static class JsonSchemaGenerator
{
    private const int MaxDepth = 8;
    private const int DefaultMaxItems = 3;

    private static readonly string[] s_words =
    [
        "cache", "node", "token", "gateway", "queue", "tenant", "budget", "model", "batch", "stream",
        "Paris", "London", "Tokyo", "blue", "green", "fast", "steady", "warm", "prefill", "decode",
    ];

    /// <summary>Any JSON object, for <c>json_object</c> mode: a few string and number fields.</summary>
    public static string GenerateObject(ref SplitMix64 rng)
    {
        using var doc = JsonDocument.Parse(
            """{"type":"object","properties":{"answer":{"type":"string","maxLength":40},"confidence":{"type":"number","minimum":0,"maximum":1},"tags":{"type":"array","items":{"type":"string","maxLength":12},"maxItems":3}},"required":["answer","confidence","tags"]}""");
        return Generate(doc.RootElement, ref rng, "response_format");
    }

    /// <summary>A JSON text valid against <paramref name="schema"/> (see the class remarks for the keywords).</summary>
    public static string Generate(JsonElement schema, ref SplitMix64 rng, string param)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, schema, schema, ref rng, 0, param);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter json, JsonElement schema, JsonElement root, ref SplitMix64 rng, int depth, string param)
    {
        schema = Resolve(schema, root, param);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            // `true` or an empty schema accepts anything.
            json.WriteStringValue(Words(ref rng, 1, 24));
            return;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            constant.WriteTo(json);
            return;
        }

        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array && options.GetArrayLength() > 0)
        {
            options[rng.NextInt(options.GetArrayLength())].WriteTo(json);
            return;
        }

        foreach (var combinator in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(combinator, out var branches) && branches.ValueKind == JsonValueKind.Array && branches.GetArrayLength() > 0)
            {
                Write(json, branches[0], root, ref rng, depth, param);
                return;
            }
        }

        switch (TypeOf(schema))
        {
            case "object":
                WriteObject(json, schema, root, ref rng, depth, param);
                break;
            case "array":
                WriteArray(json, schema, root, ref rng, depth, param);
                break;
            case "integer":
                WriteInteger(json, schema, ref rng);
                break;
            case "number":
                WriteNumber(json, schema, ref rng);
                break;
            case "boolean":
                json.WriteBooleanValue(rng.NextInt(2) == 1);
                break;
            case "null":
                json.WriteNullValue();
                break;
            default:
                var min = Int(schema, "minLength") ?? 0;
                var max = Math.Max(min, Int(schema, "maxLength") ?? Math.Max(min, 32));
                json.WriteStringValue(Words(ref rng, min, max));
                break;
        }
    }

    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object"
                : schema.TryGetProperty("items", out _) ? "array"
                : "string";
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            return type.GetString()!;
        }

        // A list of types: the first that is not null, so the value says something.
        string? first = null;
        foreach (var t in type.EnumerateArray())
        {
            var name = t.GetString();
            first ??= name;
            if (name != "null")
            {
                return name!;
            }
        }

        return first ?? "string";
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement root, string param)
    {
        for (var hops = 0; hops < 32 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var path = reference.GetString() ?? "";
            var target = root;
            if (path != "#")
            {
                if (!path.StartsWith("#/", StringComparison.Ordinal))
                {
                    throw new BadRequestException($"Unsupported $ref '{path}': only local references (#/$defs/…, #/definitions/…) are resolved.", param);
                }

                foreach (var segment in path[2..].Split('/'))
                {
                    var name = segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
                    if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
                    {
                        throw new BadRequestException($"Unresolvable $ref '{path}' in the JSON schema.", param);
                    }
                }
            }

            schema = target;
        }

        return schema;
    }

    private static void WriteObject(Utf8JsonWriter json, JsonElement schema, JsonElement root, ref SplitMix64 rng, int depth, string param)
    {
        json.WriteStartObject();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                // Deep inside a recursive schema only what is required is written, so generation ends.
                if (depth >= MaxDepth && !IsRequired(schema, property.Name))
                {
                    continue;
                }

                json.WritePropertyName(property.Name);
                Write(json, property.Value, root, ref rng, depth + 1, param);
            }
        }

        json.WriteEndObject();
    }

    private static bool IsRequired(JsonElement schema, string name)
    {
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in required.EnumerateArray())
            {
                if (r.ValueKind == JsonValueKind.String && r.ValueEquals(name))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void WriteArray(Utf8JsonWriter json, JsonElement schema, JsonElement root, ref SplitMix64 rng, int depth, string param)
    {
        var min = Int(schema, "minItems") ?? 0;
        var max = Math.Max(min, Int(schema, "maxItems") ?? Math.Max(min, DefaultMaxItems));
        var count = depth >= MaxDepth ? min : min + rng.NextInt(max - min + 1);
        var hasItems = schema.TryGetProperty("items", out var items);
        json.WriteStartArray();
        for (var i = 0; i < count; i++)
        {
            if (hasItems)
            {
                Write(json, items, root, ref rng, depth + 1, param);
            }
            else
            {
                json.WriteStringValue(Words(ref rng, 1, 16));
            }
        }

        json.WriteEndArray();
    }

    private static void WriteInteger(Utf8JsonWriter json, JsonElement schema, ref SplitMix64 rng)
    {
        var low = (long)Math.Ceiling(Double(schema, "minimum") ?? (Double(schema, "exclusiveMinimum") is { } xl ? Math.Floor(xl) + 1 : 0));
        var high = (long)Math.Floor(Double(schema, "maximum") ?? (Double(schema, "exclusiveMaximum") is { } xh ? Math.Ceiling(xh) - 1 : low + 100));
        high = Math.Max(low, high);
        var span = (ulong)(high - low) + 1;
        json.WriteNumberValue(low + (long)(rng.NextUInt64() % (span == 0 ? ulong.MaxValue : span)));
    }

    private static void WriteNumber(Utf8JsonWriter json, JsonElement schema, ref SplitMix64 rng)
    {
        var exclusiveLow = Double(schema, "exclusiveMinimum");
        var exclusiveHigh = Double(schema, "exclusiveMaximum");
        var low = Double(schema, "minimum") ?? exclusiveLow ?? 0;
        var high = Double(schema, "maximum") ?? exclusiveHigh ?? low + 100;
        high = Math.Max(low, high);

        // Two decimals read like a model's numbers; the midpoint is the fallback when rounding leaves the range.
        var value = Math.Round(low + ((high - low) * rng.NextDouble()), 2);
        if (value < low || value > high || value == exclusiveLow || value == exclusiveHigh)
        {
            value = low + ((high - low) / 2);
        }

        json.WriteNumberValue(value);
    }

    /// <summary>Words from a small vocabulary, trimmed or padded to a length in [min, max] characters.</summary>
    private static string Words(ref SplitMix64 rng, int min, int max)
    {
        var target = min + rng.NextInt(Math.Max(1, Math.Min(max, min + 24) - min + 1));
        target = Math.Clamp(target, min, max);
        var sb = new StringBuilder(target + 12);
        while (sb.Length < target)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }

            sb.Append(s_words[rng.NextInt(s_words.Length)]);
        }

        if (sb.Length > max)
        {
            sb.Length = max;
        }

        // A trailing space would be invisible to a reader and changes nothing for validity; keep text tidy.
        while (sb.Length > min && sb.Length > 0 && sb[^1] == ' ')
        {
            sb.Length--;
        }

        return sb.ToString();
    }

    private static int? Int(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? Math.Max(0, i) : null;

    private static double? Double(JsonElement schema, string name) =>
        schema.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;
}

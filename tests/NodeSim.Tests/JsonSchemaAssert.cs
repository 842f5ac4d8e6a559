using System.Text.Json;

namespace GatoLink.NodeSim.Tests;

/// <summary>
/// A small JSON-schema validator for the keywords the simulator's generator claims to honour, written
/// independently of it so the tests check the output rather than repeat the generator.
/// </summary>
internal static class JsonSchemaAssert
{
    public static void Valid(string json, string schema)
    {
        using var value = JsonDocument.Parse(json);
        using var s = JsonDocument.Parse(schema);
        var errors = new List<string>();
        Check(value.RootElement, s.RootElement, s.RootElement, "$", errors);
        Assert.True(errors.Count == 0, $"{json} is not valid: {string.Join("; ", errors)}");
    }

    private static void Check(JsonElement value, JsonElement schema, JsonElement root, string path, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var segment in reference.GetString()!["#/".Length..].Split('/'))
            {
                target = target.GetProperty(segment);
            }

            Check(value, target, root, path, errors);
            return;
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(value, constant))
        {
            errors.Add($"{path}: not the const");
        }

        if (schema.TryGetProperty("enum", out var options) && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, value)))
        {
            errors.Add($"{path}: not in the enum");
        }

        foreach (var name in (string[])["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(name, out var branches))
            {
                var matches = branches.EnumerateArray().Count(b =>
                {
                    var e = new List<string>();
                    Check(value, b, root, path, e);
                    return e.Count == 0;
                });
                if (matches == 0 || (name == "oneOf" && matches > 1))
                {
                    errors.Add($"{path}: {matches} branches of {name} match");
                }
            }
        }

        if (schema.TryGetProperty("type", out var type))
        {
            var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToArray() : [type.GetString()!];
            if (!allowed.Any(t => IsType(value, t)))
            {
                errors.Add($"{path}: {value.ValueKind} is not {string.Join("|", allowed)}");
                return;
            }
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                if (schema.TryGetProperty("required", out var required))
                {
                    foreach (var r in required.EnumerateArray())
                    {
                        if (!value.TryGetProperty(r.GetString()!, out _))
                        {
                            errors.Add($"{path}: missing {r.GetString()}");
                        }
                    }
                }

                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var p in value.EnumerateObject())
                    {
                        if (properties.TryGetProperty(p.Name, out var ps))
                        {
                            Check(p.Value, ps, root, $"{path}.{p.Name}", errors);
                        }
                    }
                }

                break;
            case JsonValueKind.Array:
                var count = value.GetArrayLength();
                if (count < Int(schema, "minItems", 0) || count > Int(schema, "maxItems", int.MaxValue))
                {
                    errors.Add($"{path}: {count} items");
                }

                if (schema.TryGetProperty("items", out var items))
                {
                    var i = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Check(item, items, root, $"{path}[{i++}]", errors);
                    }
                }

                break;
            case JsonValueKind.String:
                var length = value.GetString()!.Length;
                if (length < Int(schema, "minLength", 0) || length > Int(schema, "maxLength", int.MaxValue))
                {
                    errors.Add($"{path}: length {length}");
                }

                break;
            case JsonValueKind.Number:
                var x = value.GetDouble();
                if ((schema.TryGetProperty("minimum", out var min) && x < min.GetDouble())
                    || (schema.TryGetProperty("maximum", out var max) && x > max.GetDouble())
                    || (schema.TryGetProperty("exclusiveMinimum", out var xmin) && x <= xmin.GetDouble())
                    || (schema.TryGetProperty("exclusiveMaximum", out var xmax) && x >= xmax.GetDouble()))
                {
                    errors.Add($"{path}: {x} out of range");
                }

                break;
        }
    }

    private static bool IsType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        _ => false,
    };

    private static int Int(JsonElement schema, string name, int fallback) =>
        schema.TryGetProperty(name, out var v) ? v.GetInt32() : fallback;
}

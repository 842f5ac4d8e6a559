using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// <c>/v1/embeddings</c>: unit vectors derived from a hash of each input, so equal inputs embed equally.
/// Embeddings bypass the generation scheduler; they cost no simulated time.
/// </summary>
internal static class EmbeddingsEndpoint
{
    public static void MapEmbeddingsEndpoint(this IEndpointRouteBuilder app, NodeSimEngine engine) =>
        app.MapPost("/v1/embeddings", ctx => HandleAsync(ctx, engine));

    private static async Task HandleAsync(HttpContext context, NodeSimEngine engine)
    {
        string model;
        List<List<int>> inputs;
        int dimensions;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = doc.RootElement;
            RequestParser.RequireObject(root);
            model = RequestParser.ResolveModel(root, engine.Options);
            inputs = ReadInputs(root);
            dimensions = engine.Options.EmbeddingDimensions;
            if (RequestParser.TryGetNonNull(root, "dimensions", out var d))
            {
                dimensions = d.ValueKind == JsonValueKind.Number && d.TryGetInt32(out var v) && v >= 1
                    ? v
                    : throw new BadRequestException("dimensions must be an integer >= 1.", "dimensions");
            }
        }
        catch (JsonException ex)
        {
            await OpenAiError.WriteAsync(context, StatusCodes.Status400BadRequest, $"Invalid JSON body: {ex.Message}");
            return;
        }
        catch (BadRequestException ex)
        {
            await OpenAiError.WriteAsync(context, ex.Status, ex.Message, ex.Param);
            return;
        }

        var promptTokens = 0;
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("id", "embd-" + Guid.NewGuid().ToString("N"));
            json.WriteString("object", "list");
            json.WriteNumber("created", engine.Time.GetUtcNow().ToUnixTimeSeconds());
            json.WriteString("model", model);
            json.WriteStartArray("data");
            var vector = new double[dimensions];
            for (var i = 0; i < inputs.Count; i++)
            {
                promptTokens += inputs[i].Count;
                FillUnitVector(inputs[i], ModelWeights.Seed(model), vector);
                json.WriteStartObject();
                json.WriteNumber("index", i);
                json.WriteString("object", "embedding");
                json.WriteStartArray("embedding");
                foreach (var x in vector)
                {
                    json.WriteNumberValue(x);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("usage");
            json.WriteNumber("prompt_tokens", promptTokens);
            json.WriteNumber("total_tokens", promptTokens);
            json.WriteNumber("completion_tokens", 0);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static List<List<int>> ReadInputs(JsonElement root)
    {
        if (!RequestParser.TryGetNonNull(root, "input", out var input))
        {
            throw new BadRequestException("input is required.", "input");
        }

        var inputs = new List<List<int>>();
        switch (input.ValueKind)
        {
            case JsonValueKind.String:
                inputs.Add(Tokenize(input.GetString()));
                break;
            case JsonValueKind.Array when input.GetArrayLength() > 0 && input[0].ValueKind == JsonValueKind.Number:
                inputs.Add(ReadIds(input));
                break;
            case JsonValueKind.Array:
                foreach (var item in input.EnumerateArray())
                {
                    inputs.Add(item.ValueKind switch
                    {
                        JsonValueKind.String => Tokenize(item.GetString()),
                        JsonValueKind.Array => ReadIds(item),
                        _ => throw new BadRequestException("input items must be strings or token arrays.", "input"),
                    });
                }

                break;
            default:
                throw new BadRequestException("input must be a string or an array.", "input");
        }

        return inputs.Count > 0 ? inputs : throw new BadRequestException("input must not be empty.", "input");
    }

    private static List<int> Tokenize(string? text)
    {
        var ids = new List<int>();
        SimTokenizer.Tokenize(text, ids);
        return ids;
    }

    private static List<int> ReadIds(JsonElement array)
    {
        var ids = new List<int>(array.GetArrayLength());
        foreach (var id in array.EnumerateArray())
        {
            ids.Add(id.ValueKind == JsonValueKind.Number && id.TryGetInt32(out var v) ? v : throw new BadRequestException("token ids must be integers.", "input"));
        }

        return ids;
    }

    private static void FillUnitVector(List<int> ids, long seed, double[] vector)
    {
        var rng = new SplitMix64(SplitMix64.Mix(BlockHasher.PromptHash(ids), (ulong)seed));
        var norm = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            var x = (2 * rng.NextDouble()) - 1;
            vector[i] = x;
            norm += x * x;
        }

        norm = Math.Sqrt(norm);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = norm > 0 ? vector[i] / norm : (i == 0 ? 1 : 0);
        }
    }
}

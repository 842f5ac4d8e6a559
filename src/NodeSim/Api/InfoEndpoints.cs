using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary><c>/health</c>, <c>/v1/models</c>, <c>/metrics</c> and vLLM's <c>/tokenize</c>.</summary>
internal static class InfoEndpoints
{
    public static void MapInfoEndpoints(this IEndpointRouteBuilder app, NodeSimEngine engine)
    {
        app.MapHealthAndMetrics(engine);
        app.MapGet("/v1/models", ctx => WriteModelsAsync(ctx, engine));
        app.MapPost("/tokenize", ctx => TokenizeAsync(ctx, engine));
    }

    /// <summary>The simulator's own <c>/health</c> and <c>/metrics</c>, served whichever API it speaks.</summary>
    public static void MapHealthAndMetrics(this IEndpointRouteBuilder app, NodeSimEngine engine)
    {
        app.MapGet("/health", static () => TypedResults.Ok());
        app.MapGet("/metrics", ctx =>
        {
            ctx.Response.ContentType = PrometheusExporter.ContentType;
            return ctx.Response.WriteAsync(PrometheusExporter.Render(engine), ctx.RequestAborted);
        });
    }

    private static async Task WriteModelsAsync(HttpContext context, NodeSimEngine engine)
    {
        var created = engine.Time.GetUtcNow().ToUnixTimeSeconds();
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("object", "list");
            json.WriteStartArray("data");
            foreach (var model in engine.Options.Models)
            {
                json.WriteStartObject();
                json.WriteString("id", model);
                json.WriteString("object", "model");
                json.WriteNumber("created", created);
                json.WriteString("owned_by", "vllm");
                json.WriteString("root", model);
                json.WriteNull("parent");
                json.WriteNumber("max_model_len", engine.Options.MaxModelLen);
                json.WriteStartArray("permission");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task TokenizeAsync(HttpContext context, NodeSimEngine engine)
    {
        var ids = new List<int>();
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            var root = doc.RootElement;
            RequestParser.RequireObject(root);
            RequestParser.ResolveModel(root, engine.Options);
            if (RequestParser.TryGetNonNull(root, "messages", out _))
            {
                var addGenerationPrompt = !RequestParser.TryGetNonNull(root, "add_generation_prompt", out var agp) || agp.ValueKind != JsonValueKind.False;
                SimTokenizer.TokenizeChat(RequestParser.ReadMessages(root), addGenerationPrompt, ids);
            }
            else
            {
                RequestParser.ReadPrompt(root, ids);
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

        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteNumber("count", ids.Count);
            json.WriteNumber("max_model_len", engine.Options.MaxModelLen);
            json.WriteStartArray("tokens");
            foreach (var id in ids)
            {
                json.WriteNumberValue(id);
            }

            json.WriteEndArray();
            json.WriteNull("token_strs");
            json.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}

using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// <c>POST /v1/responses</c> as vLLM serves it (<c>vllm/entrypoints/openai/responses</c>) with its default of no
/// response store: the request is checked (<see cref="ResponsesRequestParser"/>), planned and run on the simulated
/// engine like a chat completion, and answered as a response object or vLLM's typed event stream
/// (<see cref="ResponsesStreamWriter"/>). Errors are vLLM's <c>{"error":{"message","type","param","code"}}</c>.
/// </summary>
internal static class ResponsesEndpoint
{
    public static void MapResponsesEndpoint(this IEndpointRouteBuilder app, NodeSimEngine engine, ILogger logger) =>
        app.MapPost("/v1/responses", ctx => HandleAsync(ctx, engine, logger));

    private static async Task HandleAsync(HttpContext context, NodeSimEngine engine, ILogger logger)
    {
        var ct = context.RequestAborted;
        GenerationRequest request;
        ResponsesEcho echo;
        GenerationPlan plan;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            (request, echo) = ResponsesRequestParser.Parse(doc.RootElement, engine.Options);
            plan = PlanBuilder.Build(request, engine.Options);
        }
        catch (JsonException ex)
        {
            await OpenAiError.WriteAsync(context, StatusCodes.Status400BadRequest, $"Invalid JSON body: {ex.Message}");
            return;
        }
        catch (BadRequestException ex)
        {
            await OpenAiError.WriteAsync(context, ex.Status, ex.Message, ex.Param, ex.Type);
            return;
        }

        var start = engine.Start(plan);
        if (start.Session is not { } session)
        {
            var message = start.Outcome == AdmissionOutcome.QueueFull ? "The server is overloaded: the waiting queue is full." : "Injected fault.";
            await OpenAiError.WriteAsync(context, start.FailStatus, message);
            return;
        }

        var maxOutput = request.MaxTokens ?? engine.Options.MaxModelLen - plan.PromptTokens;
        var response = new ResponseObjectWriter(request, echo, "resp_" + ResponseObjectWriter.RandomUuid(), engine.Time.GetUtcNow().ToUnixTimeSeconds(), maxOutput);
        await GenerationEndpoints.RunSessionAsync(session, logger, s => RunAsync(context, engine, logger, request, response, s, ct), ct);
    }

    private static async Task RunAsync(HttpContext context, NodeSimEngine engine, ILogger logger, GenerationRequest request, ResponseObjectWriter response, GenerationSession session, CancellationToken ct)
    {
        var choice = session.Plan.Choices[0];
        using var writer = new ResponsesStreamWriter(context, response);
        if (request.Stream)
        {
            // vLLM's StreamingResponse: headers and the created/in-progress events go out before the engine runs.
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            await context.Response.StartAsync(ct);
            await writer.WriteStartAsync(ct);
        }

        await session.WaitAdmittedAsync(ct);
        Func<int, ValueTask>? writeToken = request.Stream ? token => writer.WriteTokenAsync(choice, token, ct) : null;
        if (!await GenerationEndpoints.EmitOneChoiceAsync(context, engine, logger, session, writeToken, ct))
        {
            return;
        }

        if (request.Stream)
        {
            await writer.WriteEndAsync(choice, ct);
            return;
        }

        context.Response.ContentType = "application/json";
        await writer.WriteWholeAsync(choice, ct);
    }
}

using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// <c>/v1/chat/completions</c> and <c>/v1/completions</c>. Plain <see cref="RequestDelegate"/>s rather than
/// typed results: the response is an SSE stream written token by token, and this is the benchmark hot path.
/// </summary>
internal static class GenerationEndpoints
{
    private static readonly TimeSpan s_dropGrace = TimeSpan.FromMilliseconds(50);

    public static void MapGenerationEndpoints(this IEndpointRouteBuilder app, NodeSimEngine engine, ILogger logger)
    {
        app.MapPost("/v1/chat/completions", ctx => HandleAsync(ctx, engine, logger, GenerationKind.Chat));
        app.MapPost("/v1/completions", ctx => HandleAsync(ctx, engine, logger, GenerationKind.Completion));
    }

    private static async Task HandleAsync(HttpContext context, NodeSimEngine engine, ILogger logger, GenerationKind kind)
    {
        var ct = context.RequestAborted;
        // vLLM continues a caller's trace from the W3C header when tracing is on; keep what came.
        if (context.Request.Headers.TryGetValue("traceparent", out var traceParent))
        {
            engine.LastTraceParent = traceParent.ToString();
        }

        GenerationRequest request;
        GenerationPlan plan;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, ct);
            request = RequestParser.ParseGeneration(doc.RootElement, kind, engine.Options);
            plan = PlanBuilder.Build(request, engine.Options);
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

        var start = engine.Start(plan);
        if (start.Session is not { } session)
        {
            var message = start.Outcome == AdmissionOutcome.QueueFull
                ? "The server is overloaded: the waiting queue is full."
                : "Injected fault.";
            await OpenAiError.WriteAsync(context, start.FailStatus, message);
            return;
        }

        await RunSessionAsync(session, logger, s => RunAsync(context, engine, logger, request, s, ct), ct);
    }

    /// <summary>Runs an admitted session to its end, a client that went away logged as a cancellation; disposes it.</summary>
    internal static async Task RunSessionAsync(GenerationSession session, ILogger logger, Func<GenerationSession, Task> run, CancellationToken ct)
    {
        using (session)
        {
            try
            {
                await run(session);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                NodeSimLog.RequestCancelled(logger, session.TokensEmitted);
            }
        }
    }

    /// <summary>
    /// Emits the one choice of a single-choice API (Messages, Responses) at the engine's pace, each token written by
    /// <paramref name="writeToken"/> when the answer streams; false when the session's fault dropped the request (already
    /// answered by <see cref="DropAsync"/>), true once the session is complete.
    /// </summary>
    internal static async Task<bool> EmitOneChoiceAsync(HttpContext context, NodeSimEngine engine, ILogger logger, GenerationSession session, Func<int, ValueTask>? writeToken, CancellationToken ct)
    {
        var choice = session.Plan.Choices[0];
        await session.WaitFirstTokenAsync(ct);
        for (var token = 0; token < choice.Tokens.Count; token++)
        {
            if (token > 0)
            {
                await session.WaitNextTokenAsync(ct);
            }

            session.OnTokenEmitted();
            if (writeToken is not null)
            {
                await writeToken(token);
            }

            if (session.ShouldDrop)
            {
                await DropAsync(context, engine, logger, session, ct);
                return false;
            }
        }

        session.Complete();
        return true;
    }

    /// <summary>The injected <see cref="SimFaults.DropAfterTokens"/> cut: fail the session, then reset the connection.</summary>
    internal static async Task DropAsync(HttpContext context, NodeSimEngine engine, ILogger logger, GenerationSession session, CancellationToken ct)
    {
        session.Fail();
        NodeSimLog.ConnectionDropped(logger, session.TokensEmitted);

        // An immediate RST can make the peer's TCP stack discard chunks it has not read yet;
        // the contract is "the client got exactly N tokens, then the connection broke".
        await (engine.Options.BeforeDrop?.Invoke(ct) ?? Task.Delay(s_dropGrace, engine.Time, ct));
        context.Abort();
    }

    private static async Task RunAsync(HttpContext context, NodeSimEngine engine, ILogger logger, GenerationRequest request, GenerationSession session, CancellationToken ct)
    {
        var plan = session.Plan;
        using var writer = new CompletionWriter(context, request, engine.Time.GetUtcNow().ToUnixTimeSeconds());
        if (request.Stream)
        {
            // Like vLLM's StreamingResponse, headers go out at once; queueing and prefill show as time to first chunk.
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.StartAsync(ct);
            await context.Response.BodyWriter.FlushAsync(ct);
        }

        await session.WaitAdmittedAsync(ct);
        await session.WaitFirstTokenAsync(ct);
        if (request.Stream && request.Kind == GenerationKind.Chat)
        {
            foreach (var choice in plan.Choices)
            {
                await writer.WriteRoleChunkAsync(choice.Index, ct);
            }
        }

        // One decode step gives every unfinished choice its next token, as a batch of n sequences does.
        for (var step = 0; step < plan.Steps; step++)
        {
            if (step > 0)
            {
                await session.WaitNextTokenAsync(ct);
            }

            foreach (var choice in plan.Choices)
            {
                if (step >= choice.Tokens.Count)
                {
                    continue;
                }

                session.OnTokenEmitted();
                if (request.Stream)
                {
                    await writer.WriteTokenChunkAsync(choice, step, ct);
                }

                if (session.ShouldDrop)
                {
                    await DropAsync(context, engine, logger, session, ct);
                    return;
                }
            }
        }

        session.Complete();
        if (!request.Stream)
        {
            context.Response.ContentType = "application/json";
            await writer.WriteFullResponseAsync(plan, ct);
            return;
        }

        if (request.IncludeUsage)
        {
            await writer.WriteUsageChunkAsync(plan.OutputTokens, ct);
        }

        await writer.WriteDoneAsync(ct);
    }
}

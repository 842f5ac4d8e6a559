namespace GatoLink.NodeSim;

/// <summary>Wires every NodeSim route onto an app.</summary>
internal static class NodeSimEndpoints
{
    public static void MapNodeSim(this IEndpointRouteBuilder app, NodeSimEngine engine, ILogger logger)
    {
        if (engine.Options.Api == NodeSimApi.Anthropic)
        {
            app.MapMessagesEndpoint(engine, logger);
            app.MapHealthAndMetrics(engine);
        }
        else
        {
            app.MapGenerationEndpoints(engine, logger);
            app.MapResponsesEndpoint(engine, logger);
            app.MapEmbeddingsEndpoint(engine);
            app.MapInfoEndpoints(engine);
        }

        app.MapSimFaultEndpoints(engine, logger);
    }
}

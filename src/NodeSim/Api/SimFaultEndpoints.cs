using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GatoLink.NodeSim;

/// <summary><c>/sim/faults</c>: read, replace or clear the injected faults at run time.</summary>
internal static class SimFaultEndpoints
{
    public static void MapSimFaultEndpoints(this IEndpointRouteBuilder app, NodeSimEngine engine, ILogger logger)
    {
        var group = app.MapGroup("/sim/faults");
        group.MapGet("/", () => TypedResults.Json(engine.Faults, SimFaultsJsonContext.Default.SimFaults));
        group.MapDelete("/", () =>
        {
            engine.Faults = new SimFaults();
            return TypedResults.Json(engine.Faults, SimFaultsJsonContext.Default.SimFaults);
        });
        group.MapPost("/", (HttpRequest request) => ReplaceAsync(request, engine, logger));
    }

    private static async Task<Results<JsonHttpResult<SimFaults>, BadRequest<string>>> ReplaceAsync(HttpRequest request, NodeSimEngine engine, ILogger logger)
    {
        try
        {
            var faults = await JsonSerializer.DeserializeAsync(request.Body, SimFaultsJsonContext.Default.SimFaults, request.HttpContext.RequestAborted)
                ?? throw new ArgumentException("Body must be a JSON object.");
            engine.Faults = faults;
            NodeSimLog.FaultsReplaced(logger, faults.FailRate, faults.FailStatus, faults.HangBeforeFirstToken, faults.DropAfterTokens, faults.SlowStartMs);
            return TypedResults.Json(faults, SimFaultsJsonContext.Default.SimFaults);
        }
        catch (JsonException ex)
        {
            return TypedResults.BadRequest(ex.Message);
        }
        catch (ArgumentException ex)
        {
            return TypedResults.BadRequest(ex.Message);
        }
    }
}

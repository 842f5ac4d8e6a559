using System.Text.Json;

namespace GatoLink.NodeSim;

/// <summary>
/// What vLLM's response object echoes of a Responses request (<c>ResponsesResponse.from_request</c>): the settings as
/// the engine resolved them (sampling defaults filled in) and the request's own JSON for tools, tool choice, metadata
/// and text format.
/// </summary>
internal sealed record ResponsesEcho(
    string? Instructions,
    double Temperature,
    double TopP,
    bool ParallelToolCalls,
    JsonElement? Tools,
    JsonElement? ToolChoice,
    JsonElement? Metadata,
    JsonElement? Text,
    string? User);

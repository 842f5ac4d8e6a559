using System.Text.Json;

namespace GatoLink.Gateway.AnthropicApi;

/// <summary>A chat <c>finish_reason</c> (and vLLM's <c>stop_reason</c>, the stop string matched) as Messages' <c>stop_reason</c> and <c>stop_sequence</c>.</summary>
internal static class StopReasons
{
    /// <summary>The Messages stop reason, and the stop sequence when one ended the answer.</summary>
    public static (string Reason, string? Sequence) Map(string? finishReason, string? matchedStop, IReadOnlyList<string> stopSequences) => finishReason switch
    {
        "length" => ("max_tokens", null),
        "tool_calls" or "function_call" => ("tool_use", null),
        _ when matchedStop is not null && stopSequences.Contains(matchedStop) => ("stop_sequence", matchedStop),
        _ => ("end_turn", null),
    };

    /// <summary>vLLM's <c>stop_reason</c> when it is the stop string matched (it may also be a token id, or null).</summary>
    public static string? MatchedStop(JsonElement choice) =>
        choice.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String ? stop.GetString() : null;
}

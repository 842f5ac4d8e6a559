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

    /// <summary>
    /// The other way, for a chat client served by an Anthropic provider: a Messages <c>stop_reason</c> as chat's
    /// <c>finish_reason</c> (a refusal is OpenAI's <c>content_filter</c>; a paused or finished turn is <c>stop</c>).
    /// </summary>
    public static string ToFinishReason(string? stopReason) => stopReason switch
    {
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => "tool_calls",
        "refusal" => "content_filter",
        _ => "stop",
    };

    /// <summary>vLLM's <c>stop_reason</c> when it is the stop string matched (it may also be a token id, or null).</summary>
    public static string? MatchedStop(JsonElement choice) =>
        choice.TryGetProperty("stop_reason", out var stop) && stop.ValueKind == JsonValueKind.String ? stop.GetString() : null;
}

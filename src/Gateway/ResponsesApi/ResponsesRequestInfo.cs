namespace GatoLink.Gateway.ResponsesApi;

/// <summary>What the response object echoes and what is stored of a Responses request (JSON fields as their text).</summary>
/// <param name="Model">The model as the client named it.</param>
/// <param name="Instructions">The request's <c>instructions</c> (a previous response's are not carried over, as at OpenAI).</param>
/// <param name="MaxOutputTokens">The request's <c>max_output_tokens</c>.</param>
/// <param name="Temperature">The request's <c>temperature</c>.</param>
/// <param name="TopP">The request's <c>top_p</c>.</param>
/// <param name="Tools">The request's <c>tools</c> array as JSON text, null when none.</param>
/// <param name="ToolChoice">The request's <c>tool_choice</c> as JSON text, null when none.</param>
/// <param name="ParallelToolCalls">The request's <c>parallel_tool_calls</c>.</param>
/// <param name="Store">Whether the answer is kept for <c>GET</c> and for <c>previous_response_id</c> (default true).</param>
/// <param name="PreviousResponseId">The response it continues.</param>
/// <param name="Metadata">The request's <c>metadata</c> object as JSON text, null when none.</param>
/// <param name="Conversation">The input items answered, as a JSON array text: the previous response's conversation and output, then this input.</param>
public sealed record ResponsesRequestInfo(
    string Model,
    string? Instructions,
    int? MaxOutputTokens,
    double? Temperature,
    double? TopP,
    string? Tools,
    string? ToolChoice,
    bool ParallelToolCalls,
    bool Store,
    string? PreviousResponseId,
    string? Metadata,
    string Conversation);

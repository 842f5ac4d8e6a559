namespace GatoLink.Gateway.AnthropicApi;

/// <summary>What the answer's translation needs to know of a Messages request.</summary>
/// <param name="Model">The model as the client named it (the answer names it the same way).</param>
/// <param name="StopSequences">The client's <c>stop_sequences</c>: a node's stop on one of them is <c>stop_sequence</c>.</param>
public sealed record MessagesRequestInfo(string Model, IReadOnlyList<string> StopSequences);

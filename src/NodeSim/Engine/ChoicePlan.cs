namespace GatoLink.NodeSim;

/// <summary>One tool call inside a choice: its arguments are the choice's tokens [<see cref="FirstToken"/>, +<see cref="TokenCount"/>).</summary>
internal sealed record ToolCallPlan(string Id, string Name, int FirstToken, int TokenCount);

/// <summary>
/// Everything one choice will emit, decided before admission: the text of each token (already cut at a stop
/// string), the tool calls those tokens belong to, and why it ends.
/// </summary>
/// <param name="Index">The choice's <c>index</c>.</param>
/// <param name="Tokens">Text of each generated token; their concatenation is the content or the tool calls' arguments.</param>
/// <param name="Finish">Engine-level reason (a tool call that completes ends with <see cref="FinishReason.Stop"/>).</param>
/// <param name="StopString">The stop string that ended it, reported as <c>stop_reason</c>.</param>
/// <param name="ToolCalls">Empty when the choice is content.</param>
/// <param name="LogprobSeed">Seed of this choice's simulated logprobs.</param>
internal sealed record ChoicePlan(int Index, IReadOnlyList<string> Tokens, FinishReason Finish, string? StopString, IReadOnlyList<ToolCallPlan> ToolCalls, ulong LogprobSeed)
{
    /// <summary>The finish_reason the API reports.</summary>
    public string FinishReasonText => Finish == FinishReason.Length ? "length" : ToolCalls.Count > 0 ? "tool_calls" : "stop";

    /// <summary>The tool call token <paramref name="token"/> belongs to, and whether it is that call's first token.</summary>
    public (int CallIndex, bool First) CallOf(int token)
    {
        for (var i = ToolCalls.Count - 1; i >= 0; i--)
        {
            if (token >= ToolCalls[i].FirstToken)
            {
                return (i, token == ToolCalls[i].FirstToken);
            }
        }

        return (0, token == 0);
    }
}

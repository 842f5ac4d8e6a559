namespace GatoLink.NodeSim;

/// <summary>
/// Decides which functions a request's output calls. The rule, the same for every choice of a request:
/// <list type="bullet">
/// <item><c>auto</c>: every tool whose name the last user message mentions (case-insensitive; <c>_</c> and
/// <c>-</c> in the name may be written as spaces), in the order of <c>tools</c>; none mentioned → plain content.</item>
/// <item><c>required</c>: the mentioned tools; none mentioned → one tool drawn from the request's seed.</item>
/// <item>a named function: exactly that one.</item>
/// </list>
/// With <c>parallel_tool_calls: false</c> only the first of them is called.
/// </summary>
internal static class ToolCallPlanner
{
    public static IReadOnlyList<ToolDefinition> Decide(GenerationRequest request, ulong seed)
    {
        var tools = request.Tools;
        List<ToolDefinition> calls;
        switch (tools.Mode)
        {
            case ToolChoiceMode.Named:
                return [tools.Tools.First(t => t.Name == tools.NamedFunction)];
            case ToolChoiceMode.Auto:
                calls = Mentioned(tools.Tools, request.LastUserMessage);
                break;
            case ToolChoiceMode.Required:
                calls = Mentioned(tools.Tools, request.LastUserMessage);
                if (calls.Count == 0)
                {
                    var rng = new SplitMix64(seed ^ 0x7001UL);
                    calls.Add(tools.Tools[rng.NextInt(tools.Tools.Count)]);
                }

                break;
            default:
                return [];
        }

        return tools.ParallelToolCalls || calls.Count <= 1 ? calls : [calls[0]];
    }

    private static List<ToolDefinition> Mentioned(IReadOnlyList<ToolDefinition> tools, string message)
    {
        var mentioned = new List<ToolDefinition>();
        foreach (var tool in tools)
        {
            var spaced = tool.Name.Replace('_', ' ').Replace('-', ' ');
            if (message.Contains(tool.Name, StringComparison.OrdinalIgnoreCase) || message.Contains(spaced, StringComparison.OrdinalIgnoreCase))
            {
                mentioned.Add(tool);
            }
        }

        return mentioned;
    }
}

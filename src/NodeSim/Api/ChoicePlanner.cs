using System.Globalization;

namespace GatoLink.NodeSim;

/// <summary>
/// Writes each choice's output in advance: free text, JSON for <c>response_format</c>, or tool calls, cut by
/// <c>max_tokens</c>, the context window and stop strings. Seeds decide everything, so the same request with the
/// same <c>seed</c> gives the same output on any node.
/// </summary>
internal static class ChoicePlanner
{
    public static List<ChoicePlan> Build(GenerationRequest request, NodeSimOptions options, ulong promptHash, int room)
    {
        var sampling = request.Sampling;
        var baseSeed = BaseSeed(request, options, promptHash);
        var calls = ToolCallPlanner.Decide(request, baseSeed);
        var limit = Math.Min(request.MaxTokens ?? int.MaxValue, room);
        var choices = new List<ChoicePlan>(sampling.N);
        for (var index = 0; index < sampling.N; index++)
        {
            // Greedy decoding gives every choice the same text, as in vLLM.
            var seed = index == 0 || sampling.Temperature == 0 ? baseSeed : SplitMix64.Mix(baseSeed, (ulong)index);
            choices.Add(calls.Count > 0
                ? ToolCallChoice(index, calls, request.ToolCallIdPrefix, seed, limit)
                : ContentChoice(index, request, options, seed, limit, room));
        }

        return choices;
    }

    /// <summary>
    /// Temperature 0: the prompt and the model's weights alone. A request seed: the prompt, the seed and the
    /// temperature, never the node. Otherwise the node's own seed (one node repeats itself; two nodes differ).
    /// </summary>
    private static ulong BaseSeed(GenerationRequest request, NodeSimOptions options, ulong promptHash)
    {
        if (request.Sampling.Temperature == 0)
        {
            return SplitMix64.Mix(promptHash, (ulong)ModelWeights.Seed(request.Model));
        }

        return request.Seed is { } seed
            ? SplitMix64.Mix(SplitMix64.Mix(promptHash, (ulong)seed), BitConverter.DoubleToUInt64Bits(request.Sampling.Temperature))
            : SplitMix64.Mix(SplitMix64.Mix(promptHash, (ulong)options.Seed), 0);
    }

    private static ChoicePlan ContentChoice(int index, GenerationRequest request, NodeSimOptions options, ulong seed, int limit, int room)
    {
        List<string> tokens;
        FinishReason finish;
        if (request.Format.Kind != ResponseFormatKind.Text)
        {
            var rng = new SplitMix64(seed);
            var json = request.Format.Schema is { } schema ? JsonSchemaGenerator.Generate(schema, ref rng, "response_format") : JsonSchemaGenerator.GenerateObject(ref rng);
            tokens = SimTokenizer.SplitTokens(json);
            finish = FinishReason.Stop;
            if (tokens.Count > limit)
            {
                tokens.RemoveRange(limit, tokens.Count - limit);
                finish = FinishReason.Length;
            }
        }
        else
        {
            int count;
            if (request.MaxTokens is { } max)
            {
                count = max;
                finish = FinishReason.Length;
            }
            else
            {
                var draw = new SplitMix64(seed ^ 0x5DEECE66DUL);
                count = Math.Min(options.MinOutputTokens + draw.NextInt(options.MaxOutputTokens - options.MinOutputTokens + 1), room);
                finish = count == room ? FinishReason.Length : FinishReason.Stop;
            }

            tokens = new List<string>(count);
            var rng = new SplitMix64(seed);
            for (var i = 0; i < count; i++)
            {
                tokens.Add(TextGenerator.NextToken(ref rng, i));
            }
        }

        var stop = CutAtStop(tokens, request.Sampling.Stop);
        return new ChoicePlan(index, tokens, stop is null ? finish : FinishReason.Stop, stop, [], seed);
    }

    private static ChoicePlan ToolCallChoice(int index, IReadOnlyList<ToolDefinition> functions, string idPrefix, ulong seed, int limit)
    {
        var rng = new SplitMix64(seed);
        var tokens = new List<string>();
        var calls = new List<ToolCallPlan>(functions.Count);
        foreach (var function in functions)
        {
            var arguments = function.Parameters is { } schema ? JsonSchemaGenerator.Generate(schema, ref rng, "tools") : "{}";
            var pieces = SimTokenizer.SplitTokens(arguments);
            var id = idPrefix + rng.NextUInt64().ToString("x16", CultureInfo.InvariantCulture) + rng.NextUInt64().ToString("x16", CultureInfo.InvariantCulture);
            calls.Add(new ToolCallPlan(id, function.Name, tokens.Count, pieces.Count));
            tokens.AddRange(pieces);
        }

        if (tokens.Count <= limit)
        {
            return new ChoicePlan(index, tokens, FinishReason.Stop, null, calls, seed);
        }

        // max_tokens cuts the arguments mid-way, as it would cut a real model's: invalid JSON, finish "length".
        tokens.RemoveRange(limit, tokens.Count - limit);
        var kept = calls.Where(c => c.FirstToken < limit).Select(c => c with { TokenCount = Math.Min(c.TokenCount, limit - c.FirstToken) }).ToList();
        return new ChoicePlan(index, tokens, FinishReason.Length, null, kept, seed);
    }

    /// <summary>
    /// Cuts <paramref name="tokens"/> where the first stop string completes: that token is the last one generated,
    /// and the text from the stop string on is not returned (vLLM's default <c>include_stop_str_in_output=false</c>).
    /// </summary>
    private static string? CutAtStop(List<string> tokens, IReadOnlyList<string> stops)
    {
        if (stops.Count == 0 || tokens.Count == 0)
        {
            return null;
        }

        var text = string.Concat(tokens);
        string? hit = null;
        var hitStart = -1;
        var hitEnd = int.MaxValue;
        foreach (var stop in stops)
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at + stop.Length < hitEnd)
            {
                (hit, hitStart, hitEnd) = (stop, at, at + stop.Length);
            }
        }

        if (hit is null)
        {
            return null;
        }

        var offset = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var end = offset + token.Length;
            tokens[i] = offset >= hitStart ? "" : end <= hitStart ? token : token[..(hitStart - offset)];
            offset = end;
            if (end >= hitEnd)
            {
                tokens.RemoveRange(i + 1, tokens.Count - i - 1);
                break;
            }
        }

        return hit;
    }
}

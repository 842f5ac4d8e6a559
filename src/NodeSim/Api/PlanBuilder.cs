namespace GatoLink.NodeSim;

/// <summary>Turns a parsed request into a deterministic plan: output length, finish reason, text seed.</summary>
internal static class PlanBuilder
{
    public static GenerationPlan Build(GenerationRequest request, NodeSimOptions options)
    {
        var promptTokens = request.PromptIds.Count;
        var room = options.MaxModelLen - promptTokens;
        if (room < 1 || (request.MaxTokens is { } requested && requested > room))
        {
            throw new BadRequestException(
                $"This model's maximum context length is {options.MaxModelLen} tokens. However, you requested " +
                $"{promptTokens + (request.MaxTokens ?? 0)} tokens ({promptTokens} in the messages, {request.MaxTokens ?? 0} in the completion). " +
                "Please reduce the length of the messages or completion.");
        }

        var promptHash = BlockHasher.PromptHash(request.PromptIds);
        var textSeed = SplitMix64.Mix(SplitMix64.Mix(promptHash, (ulong)options.Seed), (ulong)(request.Seed ?? 0));
        int output;
        FinishReason reason;
        if (request.MaxTokens is { } max)
        {
            output = max;
            reason = FinishReason.Length;
        }
        else
        {
            var rng = new SplitMix64(textSeed ^ 0x5DEECE66DUL);
            output = Math.Min(options.MinOutputTokens + rng.NextInt(options.MaxOutputTokens - options.MinOutputTokens + 1), room);
            reason = output == room ? FinishReason.Length : FinishReason.Stop;
        }

        var blocksNeeded = (promptTokens + output + options.BlockSize - 1) / options.BlockSize;
        if (blocksNeeded > options.NumGpuBlocks)
        {
            // It could never be admitted and would block the FIFO head forever.
            throw new BadRequestException($"Request needs {blocksNeeded} KV blocks but the node has {options.NumGpuBlocks}.");
        }

        var hashes = BlockHasher.FullBlockHashes(request.PromptIds, options.BlockSize);
        return new GenerationPlan(request.Model, promptTokens, hashes, output, reason, textSeed);
    }
}

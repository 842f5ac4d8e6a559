namespace GatoLink.NodeSim;

/// <summary>Turns a parsed request into a deterministic plan: every choice's tokens and finish reason.</summary>
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
        var choices = ChoicePlanner.Build(request, options, promptHash, room);
        // Each choice is a sequence of its own: full prompt blocks are shared, the partial tail and the output are not.
        var fullPromptBlocks = promptTokens / options.BlockSize;
        var tail = promptTokens - (fullPromptBlocks * options.BlockSize);
        var blocksNeeded = fullPromptBlocks + choices.Sum(c => (tail + c.Tokens.Count + options.BlockSize - 1) / options.BlockSize);
        if (blocksNeeded > options.NumGpuBlocks)
        {
            // It could never be admitted and would block the FIFO head forever.
            throw new BadRequestException($"Request needs {blocksNeeded} KV blocks but the node has {options.NumGpuBlocks}.");
        }

        var hashes = BlockHasher.FullBlockHashes(request.PromptIds, options.BlockSize, request.CacheSalt);
        return new GenerationPlan(request.Model, promptTokens, hashes, choices);
    }
}

using GatoLink.Grains.Abstractions.Model;

namespace GatoLink.Grains.Quotas;

/// <summary>What a request asks to reserve.</summary>
/// <param name="PromptTokens">Estimated prompt tokens.</param>
/// <param name="MaxTokens">The request's max_tokens, or the model's default when it names none.</param>
/// <param name="Price">The model's current price.</param>
public sealed record AdmissionRequest(long PromptTokens, long MaxTokens, ModelPrice Price)
{
    /// <summary>A request for <paramref name="model"/>: max_tokens defaults to the model's.</summary>
    public static AdmissionRequest For(long promptTokens, long? maxTokens, ModelRecord model, ModelPrice price)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new AdmissionRequest(promptTokens, maxTokens ?? model.DefaultMaxTokens, price);
    }
}

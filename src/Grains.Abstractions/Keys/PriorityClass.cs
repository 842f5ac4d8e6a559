namespace GatoLink.Grains.Abstractions.Keys;

/// <summary>A key's class in a model's wait queue when every node serving the model is saturated.</summary>
public enum PriorityClass
{
    /// <summary>A person waits for the answer: served before batch requests.</summary>
    Interactive,

    /// <summary>Throughput work: served after interactive requests, with a small guaranteed trickle so it never starves.</summary>
    Batch,
}

using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.Gateway.Proxy;

/// <summary>How one attempt on one node ended, from the request's point of view.</summary>
/// <param name="Finished">The client got its answer (or went away): stop trying.</param>
/// <param name="Error">When not finished: why the node failed, shown if no other node succeeds.</param>
public readonly record struct AttemptOutcome(bool Finished, GatoError? Error)
{
    /// <summary>The request is over.</summary>
    public static AttemptOutcome Done { get; } = new(true, null);

    /// <summary>Try the next node.</summary>
    public static AttemptOutcome Retry(GatoError error) => new(false, error);
}

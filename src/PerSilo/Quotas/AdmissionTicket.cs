using GatoLink.Grains.Abstractions.Errors;

namespace GatoLink.PerSilo.Quotas;

/// <summary>The answer at the door: admitted (perhaps with a capped max_tokens) or refused.</summary>
public sealed class AdmissionTicket
{
    /// <summary>An admitted ticket with nothing to settle.</summary>
    public static AdmissionTicket Unlimited { get; } = new() { Admitted = true };

    /// <summary>Whether the request may run.</summary>
    public bool Admitted { get; init; }

    /// <summary>Why not, when refused (429 with Retry-After).</summary>
    public GatoError? Refusal { get; init; }

    /// <summary>A max_tokens lower than the client's, imposed by a budget near its end.</summary>
    public int? CappedMaxTokens { get; init; }

    /// <summary>The <c>x-ratelimit-*</c> headers to send with the response.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The controller's own reservation state, handed back at settlement.</summary>
    public object? State { get; init; }
}

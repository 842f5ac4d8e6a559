namespace GatoLink.Grains.Quotas;

/// <summary>
/// What one admitted request reserved, where; settled or rolled back exactly once by <see cref="Admission"/>.
/// </summary>
public sealed class Reservation
{
    private int _closed;

    internal Reservation(long promptTokens, long maxTokens, long requestedMaxTokens, IReadOnlyList<ReservedAmount> items)
    {
        PromptTokens = promptTokens;
        MaxTokens = maxTokens;
        RequestedMaxTokens = requestedMaxTokens;
        Items = items;
    }

    /// <summary>Estimated prompt tokens reserved.</summary>
    public long PromptTokens { get; }

    /// <summary>The effective max_tokens (capped near the end of a cost budget); send this upstream.</summary>
    public long MaxTokens { get; }

    /// <summary>max_tokens as asked.</summary>
    public long RequestedMaxTokens { get; }

    /// <summary>Whether max_tokens was lowered to fit a cost budget.</summary>
    public bool WasCapped => MaxTokens < RequestedMaxTokens;

    /// <summary>Every amount reserved.</summary>
    public IReadOnlyList<ReservedAmount> Items { get; }

    /// <summary>Tokens reserved (prompt + max_tokens).</summary>
    public long Tokens => PromptTokens + MaxTokens;

    /// <summary>Whether it has been settled or rolled back.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Claims the right to close; only the first caller gets true.</summary>
    internal bool TryClose() => Interlocked.Exchange(ref _closed, 1) == 0;
}

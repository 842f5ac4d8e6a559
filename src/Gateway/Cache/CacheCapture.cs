using System.Buffers;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// A stream's events as they are relayed to the client, kept for the cache when the request is a storable miss. Bounded:
/// an answer larger than <see cref="MaxBytes"/> is not stored.
/// </summary>
public sealed class CacheCapture
{
    /// <summary>Largest answer kept (HybridCache's default largest payload).</summary>
    public const int MaxBytes = 1024 * 1024;

    private readonly ArrayBufferWriter<byte> _events = new(4096);

    /// <summary>Whether the answer outgrew <see cref="MaxBytes"/>.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The events so far, each followed by its blank line.</summary>
    public ReadOnlyMemory<byte> Events => _events.WrittenMemory;

    /// <summary>Keeps one event (its lines, without the blank line that ends it).</summary>
    public void Add(ReadOnlySpan<byte> evt)
    {
        if (Overflowed || _events.WrittenCount + evt.Length + 2 > MaxBytes)
        {
            Overflowed = true;
            return;
        }

        _events.Write(evt);
        _events.Write("\n\n"u8);
    }
}

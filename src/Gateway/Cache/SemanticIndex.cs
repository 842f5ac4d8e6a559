using System.Collections.Concurrent;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// This silo's question vectors, per partition (tenant, model and every parameter but the messages), each pointing at
/// the exact entry whose answer it leads to; the answers themselves live in the shared store. With Redis, every silo's
/// index holds every silo's questions (<see cref="SemanticIndexSync"/>), so a lookup stays in memory. Brute force: a
/// partition is bounded (<see cref="PartitionCapacity"/>, oldest out first) and 10k unit vectors are scanned in about a
/// millisecond, less than the question's embedding costs (see bench/cache).
/// </summary>
public sealed class SemanticIndex
{
    /// <summary>Questions kept per partition.</summary>
    public const int PartitionCapacity = 10_000;

    private readonly ConcurrentDictionary<string, Partition> _partitions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty index.</summary>
    public SemanticIndex(TimeProvider time) => _time = time;

    /// <summary>The entry key of the nearest live question at or above <paramref name="threshold"/>; null when none.</summary>
    public (string Key, float Similarity)? Nearest(string partition, float[] vector, double threshold)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return _partitions.TryGetValue(partition, out var p) ? p.Nearest(vector, threshold, _time.GetUtcNow()) : null;
    }

    /// <summary>Adds a stored answer's question; the same entry again (another silo's copy, or stored anew) only moves its expiry.</summary>
    public void Add(SemanticEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Expires > _time.GetUtcNow())
        {
            _partitions.GetOrAdd(entry.Partition, static _ => new Partition()).Add(entry);
        }
    }

    private sealed class Partition
    {
        private readonly Dictionary<string, SemanticEntry> _byKey = new(StringComparer.Ordinal);
        private readonly Queue<string> _order = new();

        public void Add(SemanticEntry entry)
        {
            lock (_byKey)
            {
                if (_byKey.ContainsKey(entry.Key))
                {
                    _byKey[entry.Key] = entry;
                    return;
                }

                if (_order.Count >= PartitionCapacity)
                {
                    _byKey.Remove(_order.Dequeue());
                }

                _order.Enqueue(entry.Key);
                _byKey[entry.Key] = entry;
            }
        }

        public (string Key, float Similarity)? Nearest(float[] vector, double threshold, DateTimeOffset now)
        {
            SemanticEntry? best = null;
            var bestScore = float.MinValue;
            lock (_byKey)
            {
                foreach (var q in _byKey.Values)
                {
                    if (q.Expires <= now || q.Vector.Length != vector.Length)
                    {
                        continue;
                    }

                    var score = Vectors.Dot(vector, q.Vector);
                    if (score > bestScore)
                    {
                        (best, bestScore) = (q, score);
                    }
                }
            }

            return best is not null && bestScore >= threshold ? (best.Key, bestScore) : null;
        }
    }
}

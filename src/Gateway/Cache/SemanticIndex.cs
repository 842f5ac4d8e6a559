using System.Collections.Concurrent;

namespace GatoLink.Gateway.Cache;

/// <summary>
/// This silo's question vectors, per partition (tenant, model and every parameter but the messages), each pointing at
/// the exact entry whose answer it leads to; the answers themselves live in the shared store. Brute force: a partition
/// is bounded (<see cref="PartitionCapacity"/>, oldest out first) and 10k unit vectors are scanned in about a
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

    /// <summary>Adds a stored answer's question until <paramref name="expires"/>.</summary>
    public void Add(string partition, float[] vector, string key, DateTimeOffset expires) =>
        _partitions.GetOrAdd(partition, static _ => new Partition()).Add(new Question(vector, key, expires));

    private sealed record Question(float[] Vector, string Key, DateTimeOffset Expires);

    private sealed class Partition
    {
        private readonly Queue<Question> _questions = new();

        public void Add(Question question)
        {
            lock (_questions)
            {
                if (_questions.Count >= PartitionCapacity)
                {
                    _questions.Dequeue();
                }

                _questions.Enqueue(question);
            }
        }

        public (string Key, float Similarity)? Nearest(float[] vector, double threshold, DateTimeOffset now)
        {
            Question? best = null;
            var bestScore = float.MinValue;
            lock (_questions)
            {
                foreach (var q in _questions)
                {
                    if (q.Expires <= now)
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

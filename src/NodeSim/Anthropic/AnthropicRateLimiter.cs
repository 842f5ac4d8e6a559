namespace GatoLink.NodeSim;

/// <summary>
/// Anthropic's rate limits as it documents them: a token bucket per dimension, filled continuously up to its
/// per-minute capacity (not reset at fixed intervals). Requests and tokens are checked together and charged only
/// when both fit. Thread-safe: one short lock, nothing awaited under it.
/// </summary>
internal sealed class AnthropicRateLimiter(int requestsPerMinute, int tokensPerMinute, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Bucket _requests = new(requestsPerMinute, time.GetUtcNow());
    private readonly Bucket _tokens = new(tokensPerMinute, time.GetUtcNow());

    /// <summary>Charges one request and <paramref name="tokens"/> tokens if both buckets hold them.</summary>
    public RateLimitDecision TryAcquire(int tokens)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            _requests.Refill(now);
            _tokens.Refill(now);
            var fits = _requests.Level >= 1 && _tokens.Level >= tokens;
            if (fits)
            {
                _requests.Level -= 1;
                _tokens.Level -= tokens;
            }

            // How long until this request would fit: the slower of the two buckets.
            var wait = fits ? TimeSpan.Zero : Max(_requests.TimeToHold(1), _tokens.TimeToHold(tokens));
            return new RateLimitDecision(
                fits,
                new RateLimitState(_requests.Capacity, (long)Math.Floor(_requests.Level), now + _requests.TimeToHold(_requests.Capacity)),
                new RateLimitState(_tokens.Capacity, (long)Math.Floor(_tokens.Level), now + _tokens.TimeToHold(_tokens.Capacity)),
                wait);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private sealed class Bucket(int capacity, DateTimeOffset now)
    {
        private DateTimeOffset _updated = now;

        public int Capacity { get; } = capacity;

        public double Level { get; set; } = capacity;

        private double PerSecond => Capacity / 60.0;

        public void Refill(DateTimeOffset now)
        {
            Level = Math.Min(Capacity, Level + ((now - _updated).TotalSeconds * PerSecond));
            _updated = now;
        }

        /// <summary>Time until the bucket holds <paramref name="amount"/> (never, past its capacity: a minute beyond full).</summary>
        public TimeSpan TimeToHold(double amount) => amount <= Level
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds((Math.Min(amount, Capacity) - Level) / PerSecond);
    }
}

/// <summary>One dimension's state as the <c>anthropic-ratelimit-*</c> headers report it.</summary>
internal readonly record struct RateLimitState(long Limit, long Remaining, DateTimeOffset Reset);

/// <summary>Whether a request fits, each bucket after the decision, and how long to wait when it does not.</summary>
internal readonly record struct RateLimitDecision(bool Allowed, RateLimitState Requests, RateLimitState Tokens, TimeSpan RetryAfter);

using GatoLink.Bench.Routing;

namespace GatoLink.Bench.Fairness;

/// <summary>
/// The requests of the bench's tenants. Batch requests (A and B) are long: 160 prompt tokens, 32 output tokens; C's
/// interactive ones are light: 24 prompt tokens, 8 output tokens. Poisson arrivals; every prompt is salted so no
/// request finds another's prefix in a node's cache.
/// </summary>
public static class Traffic
{
    public const int BatchPrompt = 160;
    public const int BatchOutput = 32;
    public const int InteractivePrompt = 24;
    public const int InteractiveOutput = 8;

    /// <summary>Arrivals at <paramref name="ratePerSecond"/> (real) for <paramref name="seconds"/> (real).</summary>
    public static IReadOnlyList<BenchRequest> Build(string model, bool batch, double ratePerSecond, double seconds, int seed, string salt)
    {
        var rng = new Random(seed);
        var (prompt, output) = batch ? (BatchPrompt, BatchOutput) : (InteractivePrompt, InteractiveOutput);
        var requests = new List<BenchRequest>();
        var t = 0.0;
        while (true)
        {
            t += -Math.Log(1 - rng.NextDouble()) / ratePerSecond;
            if (t >= seconds)
            {
                return requests;
            }

            var text = $"{salt} {rng.Next()} " + Workloads.Text(rng, prompt);
            requests.Add(new BenchRequest(TimeSpan.FromSeconds(t), Workloads.ChatBody(model, null, text, output, streamed: true), output));
        }
    }
}

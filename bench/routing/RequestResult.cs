namespace GatoLink.Bench.Routing;

/// <summary>What one request measured, in real seconds from its due time.</summary>
/// <param name="Status">HTTP status, 0 when the connection failed, -1 when cut at the run's deadline.</param>
/// <param name="Ttft">Due time to first token; for a request cut before its first token, the time it waited (a lower bound).</param>
/// <param name="Gaps">Inter-token gaps.</param>
/// <param name="Tokens">Content tokens received.</param>
/// <param name="Done">When it ended, in real seconds from the run's start.</param>
public sealed record RequestResult(int Status, double Ttft, IReadOnlyList<double> Gaps, int Tokens, double Done)
{
    public bool Ok => Status == 200 && Tokens > 0;
}

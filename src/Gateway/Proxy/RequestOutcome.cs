namespace GatoLink.Gateway.Proxy;

/// <summary>What the request became, for the metrics and span written when it ends.</summary>
internal sealed class RequestOutcome
{
    /// <summary>The admitted call, when it got that far.</summary>
    public InferenceCall? Call { get; set; }
}

namespace GatoLink.PerSilo.Billing;

/// <summary>One row of usage analytics.</summary>
/// <param name="Group">The group's value: <c>yyyy-MM-dd</c>, the model name, the key id, the tag's value or the node id.</param>
/// <param name="Requests">Attempts billed.</param>
/// <param name="PromptTokens">Input tokens.</param>
/// <param name="CompletionTokens">Output tokens.</param>
/// <param name="CostMicros">Cost in micro-dollars, at the prices in force when each attempt ended.</param>
/// <param name="Errors">Attempts that ended in an upstream error or a timeout (a client disconnect is not an error).</param>
/// <param name="P50TimeToFirstTokenMs">Median time to first token, approximated from the rollup histogram; null when no token came.</param>
/// <param name="P95TimeToFirstTokenMs">95th percentile, likewise.</param>
/// <param name="GpuMs">The attempts' shares of their nodes' busy time, in milliseconds.</param>
/// <param name="GpuCostMicros">That time at the nodes' GPU-hour prices (0 where a node has none).</param>
public sealed record UsageRow(
    string Group,
    long Requests,
    long PromptTokens,
    long CompletionTokens,
    long CostMicros,
    long Errors,
    double? P50TimeToFirstTokenMs,
    double? P95TimeToFirstTokenMs,
    double GpuMs = 0,
    long GpuCostMicros = 0);

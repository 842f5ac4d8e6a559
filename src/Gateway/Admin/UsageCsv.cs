using System.Globalization;
using System.Text;

namespace GatoLink.Gateway.Admin;

/// <summary>CSV export of usage rows (RFC 4180 quoting; invariant culture numbers).</summary>
public static class UsageCsv
{
    /// <summary>The header and one line per row.</summary>
    public static string Write(IReadOnlyList<UsageRowView> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder("group,requests,prompt_tokens,completion_tokens,cost_usd,errors,p50_ttft_ms,p95_ttft_ms,gpu_seconds,gpu_cost_usd,node_share\r\n");
        foreach (var r in rows)
        {
            csv.Append(Quote(r.Group)).Append(',')
                .Append(r.Requests.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.PromptTokens.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.CompletionTokens.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.CostUsd.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.Errors.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.P50TtftMs?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.P95TtftMs?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.GpuSeconds.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.GpuCostUsd?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(r.NodeShare?.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        return csv.ToString();
    }

    /// <summary>A field as RFC 4180 writes it: model names and tag values are free text, so anything with a separator, a quote or a line break is quoted.</summary>
    public static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

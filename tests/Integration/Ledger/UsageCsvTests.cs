using GatoLink.Gateway.Admin;

namespace GatoLink.Integration.Tests.Ledger;

public sealed class UsageCsvTests
{
    [Fact]
    public void CsvQuotesGroupsThatCarrySeparators()
    {
        var csv = UsageCsv.Write([new UsageRowView("a,\"b\"", 2, 3, 4, 0.000011m, 1, 12.5, null, 1.5, 0.000417m, 0.25)]);
        Assert.Equal(
            "group,requests,prompt_tokens,completion_tokens,cost_usd,errors,p50_ttft_ms,p95_ttft_ms,gpu_seconds,gpu_cost_usd,node_share\r\n"
            + "\"a,\"\"b\"\"\",2,3,4,0.000011,1,12.5,,1.5,0.000417,0.25\r\n",
            csv);
    }
}

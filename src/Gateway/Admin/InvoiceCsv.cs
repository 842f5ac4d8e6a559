using System.Globalization;
using System.Text;
using System.Text.Json;

namespace GatoLink.Gateway.Admin;

/// <summary>CSV of one invoice: a line per invoice line, then the total (RFC 4180 quoting; invariant culture numbers).</summary>
public static class InvoiceCsv
{
    /// <summary>The header, the lines, a total line and the invoice's credit notes.</summary>
    public static string Write(InvoiceView invoice)
    {
        ArgumentNullException.ThrowIfNull(invoice);
        var csv = new StringBuilder("number,period,status,kind,description,model,usage_period,requests,input_tokens,output_tokens,input_usd_per_million,output_usd_per_million,amount_usd\r\n");
        var status = Text(invoice.Status.ToString());
        foreach (var line in invoice.Lines)
        {
            csv.Append(invoice.Number).Append(',').Append(invoice.Period).Append(',').Append(status).Append(',')
                .Append(Text(line.Kind.ToString())).Append(',').Append(UsageCsv.Quote(line.Description)).Append(',')
                .Append(line.Model is null ? "" : UsageCsv.Quote(line.Model)).Append(',').Append(line.UsagePeriod).Append(',')
                .Append(Number(line.Requests)).Append(',').Append(Number(line.InputTokens)).Append(',').Append(Number(line.OutputTokens)).Append(',')
                .Append(line.InputUsdPerMillion?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(line.OutputUsdPerMillion?.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(line.AmountUsd.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        csv.Append(invoice.Number).Append(',').Append(invoice.Period).Append(',').Append(status).Append(",total,Total,,,,,,,,")
            .Append(invoice.TotalUsd.ToString(CultureInfo.InvariantCulture)).Append("\r\n");

        // Corrections after the total, which they do not change: each credit note under its own number, credited back.
        foreach (var note in invoice.CreditNotes)
        {
            csv.Append(note.Number).Append(',').Append(invoice.Period).Append(",issued,credit_note,").Append(UsageCsv.Quote(note.Reason)).Append(",,,,,,,,")
                .Append((-note.AmountUsd).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Text(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>
/// <c>invoices list|show|credit</c> over <c>/admin/tenants/{id}/invoices</c>: finalized invoices and the running month's draft,
/// one with its lines, or as the silo's CSV (<c>--csv</c>) for a spreadsheet or an accounting import.
/// </summary>
public static class InvoiceCommands
{
    /// <summary>The <c>invoices</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var invoices = new CliCommand("invoices", "A tenant's monthly invoices: finalized ones and the running month's draft.",
            "gatolink-admin invoices list --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f",
            "gatolink-admin invoices show --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f 202612-0b6f3c1e5d7a4f0e9d1c2a8b7c6d5e4f --csv > invoice.csv");
        invoices.Subcommands.Add(List(runner));
        invoices.Subcommands.Add(Show(runner));
        invoices.Subcommands.Add(Credit(runner));
        return invoices;
    }


    private static CliCommand List(CommandRunner runner)
    {
        var command = new CliCommand("list", "List a tenant's invoices, newest first.", "gatolink-admin invoices list --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f");
        var tenant = TenantIdOption.AddTo(command);
        runner.Bind(command, async call => JsonOrHuman.Show(call, await call.Client.GetAsync($"admin/tenants/{call.Value(tenant)}/invoices", call.Cancellation), list =>
        {
            var table = new Table().AddColumns("Number", "Period", "Status", "Plan", "Usage", "Total", "Finalized");
            foreach (var i in list.AsArray())
            {
                table.AddRow(Cells.Of(JsonCells.Text(i!["number"]), JsonCells.Text(i["period"]), JsonCells.Text(i["status"]), JsonCells.Text(i["plan"]),
                    JsonCells.Usd(i["usage_usd"]), JsonCells.Usd(i["total_usd"]), JsonCells.Text(i["finalized_at"])));
            }

            call.Output.Write(table);
            call.Output.Line($"{list.AsArray().Count} invoice(s).");
        }));
        return command;
    }

    private static CliCommand Show(CommandRunner runner)
    {
        var number = new Argument<string>("number") { Description = "Invoice number (from invoices list)." };
        var csv = new Option<bool>("--csv") { Description = "Print the invoice as CSV, exactly as the silo writes it." };
        var command = new CliCommand("show", "Show one invoice with its lines.",
            "gatolink-admin invoices show --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f 202612-0b6f3c1e5d7a4f0e9d1c2a8b7c6d5e4f");
        var tenant = TenantIdOption.AddTo(command);
        command.Arguments.Add(number);
        command.Options.Add(csv);
        runner.Bind(command, async call =>
        {
            var path = $"admin/tenants/{call.Value(tenant)}/invoices/{AdminClient.Escape(call.Value(number)!)}";
            if (call.Value(csv))
            {
                call.Output.Raw((await call.Client.GetAsync(path + "?format=csv", call.Cancellation)).Body);
                return Hosting.ExitCodes.Success;
            }

            return JsonOrHuman.Show(call, await call.Client.GetAsync(path, call.Cancellation), i => Describe(call, i));
        });
        return command;
    }

    private static void Describe(CommandCall call, JsonNode i)
    {
        call.Output.Write(Details.Grid(
            ("Number", JsonCells.Text(i["number"])),
            ("Period", $"{JsonCells.Text(i["period"])} ({JsonCells.Text(i["period_start"])} to {JsonCells.Text(i["period_end"])})"),
            ("Status", JsonCells.Text(i["status"]) + (i["finalized_at"] is { } at ? $" at {at}" : "")),
            ("Plan", JsonCells.Text(i["plan"])),
            ("Usage at list prices", JsonCells.Usd(i["usage_usd"])),
            ("Included (used)", $"{JsonCells.Usd(i["included_usd"])} ({JsonCells.Usd(i["included_used_usd"])})"),
            ("Credits applied", JsonCells.Usd(i["credits_applied_usd"])),
            ("Adjustments", JsonCells.Usd(i["adjustments_usd"])),
            ("Total", JsonCells.Usd(i["total_usd"]))));
        var lines = new Table().AddColumns("Kind", "Description", "Model", "Requests", "Input tokens", "Output tokens", "In $/M", "Out $/M", "Amount");
        foreach (var l in i["lines"]!.AsArray())
        {
            lines.AddRow(Cells.Of(JsonCells.Text(l!["kind"]), JsonCells.Text(l["description"]), JsonCells.Text(l["model"]), JsonCells.Number(l["requests"]),
                JsonCells.Number(l["input_tokens"]), JsonCells.Number(l["output_tokens"]), JsonCells.Usd(l["input_usd_per_million"]), JsonCells.Usd(l["output_usd_per_million"]),
                JsonCells.Usd(l["amount_usd"])));
        }

        call.Output.Write(lines);
        foreach (var n in i["credit_notes"]?.AsArray() ?? [])
        {
            call.Output.Line($"Credit note {JsonCells.Text(n!["number"])}: {JsonCells.Usd(n["amount_usd"])} ({JsonCells.Text(n["reason"])}), {JsonCells.Text(n["created_at"])}.");
        }
    }

    private static CliCommand Credit(CommandRunner runner)
    {
        var number = new Argument<string>("number") { Description = "The finalized invoice's number." };
        var command = new CliCommand("credit", "Correct a finalized invoice with a credit note of its own number (system admin); the invoice itself never changes.",
            "gatolink-admin invoices credit --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f 202611-0b6f3c1e5d7a4f0e9d1c2a8b7c6d5e4f --amount-usd 12.50 --reason \"outage\" --idempotency-key cn-17");
        var tenant = TenantIdOption.AddTo(command);
        command.Arguments.Add(number);
        var write = IdempotentAmount.AddTo(command, "Amount credited back, whole cents.", "note");
        runner.Bind(command, async call =>
        {
            var answer = await write.PostAsync(call, $"admin/tenants/{call.Value(tenant)}/invoices/{AdminClient.Escape(call.Value(number)!)}/credit-notes");
            return JsonOrHuman.Show(call, answer, n => call.Output.Line(answer.Status == HttpStatusCode.Created
                ? $"Issued credit note {JsonCells.Text(n["number"])} for {JsonCells.Usd(n["amount_usd"])}."
                : $"Already issued under idempotency key '{write.Key(call)}': credit note {JsonCells.Text(n["number"])}."));
        });
        return command;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>
/// <c>plans list|show|create|update</c> over <c>/admin/plans</c>: a system admin manages plans, a tenant admin sees its
/// own tenant's. A tenant is put on a plan with <c>tenants update --plan</c>.
/// </summary>
public static class PlanCommands
{
    /// <summary>The <c>plans</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var plans = new CliCommand("plans", "Billing plans: monthly fee, included usage, limits, overage policy, billing mode.",
            "gatolink-admin plans list",
            "gatolink-admin plans create --name team --monthly-fee-usd 49 --included-usd 20 --rpm 600 --overage overage",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --plan team");
        plans.Subcommands.Add(List(runner));
        plans.Subcommands.Add(Show(runner));
        plans.Subcommands.Add(CreatePlan(runner));
        plans.Subcommands.Add(Update(runner));
        return plans;
    }

    private static CliCommand List(CommandRunner runner)
    {
        var command = new CliCommand("list", "List the plans the key may see (a tenant admin: its own tenant's).", "gatolink-admin plans list");
        runner.Bind(command, async call => JsonOrHuman.Show(call, await call.Client.GetAsync("admin/plans", call.Cancellation), list =>
        {
            var table = new Table().AddColumns("Name", "Version", "Fee/month", "Included", "Overage", "Billing", "RPM", "TPM", "Updated");
            foreach (var p in list.AsArray())
            {
                table.AddRow(Cells.Of((string)p!["name"]!, JsonCells.Number(p["version"]), JsonCells.Usd(p["monthly_fee_usd"]), JsonCells.Usd(p["included_usd"]), JsonCells.Text(p["overage"]), JsonCells.Text(p["billing"]),
                    JsonCells.Number(p["rpm"]), JsonCells.Number(p["tpm"]), JsonCells.Text(p["updated_at"])));
            }

            call.Output.Write(table);
            call.Output.Line($"{list.AsArray().Count} plan(s).");
        }));
        return command;
    }

    private static CliCommand Show(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Plan name." };
        var command = new CliCommand("show", "Show one plan.", "gatolink-admin plans show pro");
        command.Arguments.Add(name);
        runner.Bind(command, async call =>
            Describe(call, await call.Client.GetAsync($"admin/plans/{AdminClient.Escape(call.Value(name)!)}", call.Cancellation), title: null));
        return command;
    }

    private static CliCommand CreatePlan(CommandRunner runner)
    {
        var name = new Option<string>("--name") { Description = "Plan name.", Required = true };
        var fields = new PlanFieldOptions();
        var command = new CliCommand("create", "Create a plan (system admin), as version 1. Fields left out: no fee, nothing included, no limits, overage, postpaid.",
            "gatolink-admin plans create --name team --monthly-fee-usd 49 --included-usd 20",
            "gatolink-admin plans create --name credits --billing prepaid --overage stop --output json");
        command.Options.Add(name);
        fields.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject { ["name"] = call.Value(name) };
            fields.Write(call, body);
            return Describe(call, await call.Client.SendAsync(HttpMethod.Post, "admin/plans", body, call.Cancellation), "Created plan");
        });
        return command;
    }

    private static CliCommand Update(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Plan name." };
        var fields = new PlanFieldOptions();
        var unset = new UnsetOption(fields.Limits, ("model-prices", "model_prices", fields.ModelPrices), ("included-tokens", "included_tokens", fields.IncludedTokens));
        var command = new CliCommand("update", "Change a plan (system admin): a new version; its tenants' next usage follows it. Only what is given changes.",
            "gatolink-admin plans update pro --monthly-fee-usd 59",
            "gatolink-admin plans update pro --unset rpm",
            "gatolink-admin plans update pro --model-price demo-8b=0.10,0.40");
        command.Arguments.Add(name);
        fields.AddTo(command);
        unset.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject();
            if (!fields.Write(call, body) & !unset.Write(call, body))
            {
                throw new UsageException("nothing to change: give a fee, allowance, policy, limit or --unset.");
            }

            var answer = await call.Client.SendAsync(HttpMethod.Patch, $"admin/plans/{AdminClient.Escape(call.Value(name)!)}", body, call.Cancellation);
            return Describe(call, answer, "Updated plan");
        });
        return command;
    }

    private static int Describe(CommandCall call, ApiAnswer answer, string? title) => JsonOrHuman.Show(call, answer, p =>
    {
        if (title is not null)
        {
            call.Output.Line($"{title} {(string)p["name"]!} (version {JsonCells.Number(p["version"])}).");
        }

        call.Output.Write(Details.Grid(
            ("Name", (string)p["name"]!),
            ("Version", JsonCells.Number(p["version"])),
            ("Monthly fee", JsonCells.Usd(p["monthly_fee_usd"])),
            ("Included usage", JsonCells.Usd(p["included_usd"])),
            ("Included tokens", JsonCells.Number(p["included_tokens"])),
            ("Past the allowance", JsonCells.Text(p["overage"])),
            ("Billing", JsonCells.Text(p["billing"])),
            ("Requests/min", JsonCells.Number(p["rpm"])),
            ("Tokens/min", JsonCells.Number(p["tpm"])),
            ("Daily cost", JsonCells.Usd(p["daily_cost_usd"])),
            ("Monthly cost", JsonCells.Usd(p["monthly_cost_usd"])),
            ("Monthly tokens", JsonCells.Number(p["monthly_tokens"])),
            ("Updated", JsonCells.Text(p["updated_at"])),
            ("Model prices ($/M in, out)", ModelPrices(p["model_prices"]))));
    });

    private static string ModelPrices(JsonNode? prices) =>
        Format.List(prices?.AsArray().Select(m => $"{JsonCells.Text(m!["model"])} {JsonCells.Usd(m["input_usd_per_million"])}, {JsonCells.Usd(m["output_usd_per_million"])}"), "(the models' own)");

}

using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>
/// <c>wallet show|topup|adjust</c> over <c>/admin/tenants/{id}/wallet</c>: a prepaid tenant's balance, low threshold and
/// transactions; credits and corrections (system admins) named by an idempotency key, so running the same command
/// twice credits once.
/// </summary>
public static class WalletCommands
{
    /// <summary>The <c>wallet</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var wallet = new CliCommand("wallet", "A tenant's prepaid wallet: balance, low-balance threshold, transactions, top-ups.",
            "gatolink-admin wallet show --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f",
            "gatolink-admin wallet topup --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --amount-usd 100 --reason \"PO 4471\" --idempotency-key po-4471");
        wallet.Subcommands.Add(Show(runner));
        wallet.Subcommands.Add(Write(runner, "topup", "topups", "Credit a tenant's wallet (system admin); a repeated idempotency key credits once.",
            "gatolink-admin wallet topup --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --amount-usd 100 --reason \"PO 4471\" --idempotency-key po-4471"));
        wallet.Subcommands.Add(Write(runner, "adjust", "adjustments", "Correct a tenant's wallet by a positive or negative amount (system admin); never below zero.",
            "gatolink-admin wallet adjust --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --amount-usd -12.50 --reason \"refund reversed\" --idempotency-key fix-17"));
        return wallet;
    }


    private static CliCommand Show(CommandRunner runner)
    {
        var command = new CliCommand("show", "Show a tenant's wallet and its latest transactions.", "gatolink-admin wallet show --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f");
        var tenant = TenantIdOption.AddTo(command);
        runner.Bind(command, async call => JsonOrHuman.Show(call, await call.Client.GetAsync($"admin/tenants/{call.Value(tenant)}/wallet", call.Cancellation), w =>
        {
            Balance(call, w);
            var table = new Table().AddColumns("At", "Amount", "Reason", "Idempotency key", "By");
            foreach (var t in w["transactions"]!.AsArray())
            {
                table.AddRow(Cells.Of(JsonCells.Text(t!["created_at"]), JsonCells.Usd(t["amount_usd"]), JsonCells.Text(t["reason"]), JsonCells.Text(t["idempotency_key"]), JsonCells.Text(t["actor"])));
            }

            call.Output.Write(table);
        }));
        return command;
    }

    private static CliCommand Write(CommandRunner runner, string verb, string resource, string description, string example)
    {
        var command = new CliCommand(verb, description, example);
        var tenant = TenantIdOption.AddTo(command);
        var write = IdempotentAmount.AddTo(command, "Amount in USD, whole cents.", "transaction");
        runner.Bind(command, async call =>
        {
            var answer = await write.PostAsync(call, $"admin/tenants/{call.Value(tenant)}/wallet/{resource}");
            return JsonOrHuman.Show(call, answer, a =>
            {
                call.Output.Line((bool)a["replayed"]!
                    ? $"Already done under idempotency key '{write.Key(call)}': nothing more was credited."
                    : $"Credited {JsonCells.Usd(a["transaction"]!["amount_usd"])} ({JsonCells.Text(a["transaction"]!["id"])}).");
                Balance(call, a["wallet"]!);
            });
        });
        return command;
    }

    private static void Balance(CommandCall call, JsonNode w) => call.Output.Write(Details.Grid(
        ("Tenant", JsonCells.Text(w["tenant_id"])),
        ("Prepaid", (bool)w["prepaid"]! ? "yes" : "no (postpaid: requests do not draw on the wallet)"),
        ("Balance", JsonCells.Usd(w["balance_usd"])),
        ("Reserved in flight", JsonCells.Usd(w["reserved_usd"])),
        ("Available", JsonCells.Usd(w["available_usd"])),
        ("Credited", JsonCells.Usd(w["credited_usd"])),
        ("Spent", JsonCells.Usd(w["spent_usd"])),
        ("Low threshold", JsonCells.Usd(w["low_balance_usd"]) + ((bool)w["low"]! ? "  (LOW)" : ""))));
}

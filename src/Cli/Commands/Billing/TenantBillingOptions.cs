using System.CommandLine;
using System.Text.Json.Nodes;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>
/// A tenant's billing on <c>tenants create|update</c>: <c>--plan</c> (takes effect at once, prorated on the invoice),
/// <c>--billing</c> and <c>--low-balance-usd</c>; only what is given is sent.
/// </summary>
public sealed class TenantBillingOptions
{
    private static readonly string[] Modes = ["postpaid", "prepaid"];

    /// <summary>Creates the options.</summary>
    public TenantBillingOptions()
    {
        Billing.AcceptOnlyFromAmong(Modes);
        LowBalanceUsd.Validators.Add(r => LimitOptions.NotNegative(r, Validation.ValueOrDefault(r, LowBalanceUsd)));
    }

    /// <summary><c>--plan</c>.</summary>
    public Option<string?> Plan { get; } = new("--plan") { Description = "Put the tenant on this plan (system admin); its billing becomes the plan's unless --billing says.", HelpName = "name" };

    /// <summary><c>--billing</c>.</summary>
    public Option<string?> Billing { get; } = new("--billing") { Description = "postpaid (invoiced) or prepaid (requests draw on the wallet).", HelpName = "postpaid|prepaid" };

    /// <summary><c>--low-balance-usd</c>.</summary>
    public Option<decimal?> LowBalanceUsd { get; } = new("--low-balance-usd") { Description = "Wallet balance under which wallet.low is raised and /v1/budget says low.", HelpName = "usd" };

    /// <summary>The <c>--unset</c> names these options add (name, JSON field, option).</summary>
    public (string Name, string Field, Option Option)[] Unsettable => [("plan", "plan", Plan), ("low-balance-usd", "low_balance_usd", LowBalanceUsd)];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Plan);
        command.Options.Add(Billing);
        command.Options.Add(LowBalanceUsd);
    }

    /// <summary>Writes the fields given into <paramref name="body"/>; true if any was.</summary>
    public bool Write(CommandCall call, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        var any = false;
        foreach (var (option, field) in new[] { (Plan, "plan"), (Billing, "billing") })
        {
            if (call.Has(option))
            {
                body[field] = call.Value(option);
                any = true;
            }
        }

        if (call.Has(LowBalanceUsd))
        {
            body["low_balance_usd"] = call.Value(LowBalanceUsd);
            any = true;
        }

        return any;
    }
}

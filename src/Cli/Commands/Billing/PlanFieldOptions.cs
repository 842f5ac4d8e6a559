using System.CommandLine;
using System.Text.Json.Nodes;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>
/// The money and policy fields of a plan as options (fee, included allowance, overage policy, billing mode) beside the
/// limits, and what they send: only the fields given.
/// </summary>
public sealed class PlanFieldOptions
{
    private static readonly string[] Overages = ["overage", "stop"];
    private static readonly string[] Modes = ["postpaid", "prepaid"];

    /// <summary>Creates the options.</summary>
    public PlanFieldOptions()
    {
        Overage.AcceptOnlyFromAmong(Overages);
        Billing.AcceptOnlyFromAmong(Modes);
        MonthlyFeeUsd.Validators.Add(r => LimitOptions.NotNegative(r, Validation.ValueOrDefault(r, MonthlyFeeUsd)));
        IncludedUsd.Validators.Add(r => LimitOptions.NotNegative(r, Validation.ValueOrDefault(r, IncludedUsd)));
        IncludedTokens.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, IncludedTokens) is < 0)
            {
                r.AddError("--included-tokens cannot be negative.");
            }
        });
        ModelPrices.Validators.Add(r =>
        {
            foreach (var text in Validation.ValueOrDefault(r, ModelPrices) ?? [])
            {
                if (ParsePrice(text) is null)
                {
                    r.AddError($"--model-price '{text}' is not MODEL=INPUT,OUTPUT (USD per million tokens, e.g. demo-8b=0.15,0.60).");
                }
            }
        });
    }

    /// <summary><c>--model-price</c> (repeatable).</summary>
    public Option<string[]> ModelPrices { get; } = new("--model-price")
    {
        Description = "The plan's own price of a model, replacing the model's for its tenants: MODEL=INPUT,OUTPUT in USD per million tokens (repeat; on update the list replaces the plan's).",
        HelpName = "model=in,out",
    };

    /// <summary><c>--monthly-fee-usd</c>.</summary>
    public Option<decimal?> MonthlyFeeUsd { get; } = new("--monthly-fee-usd") { Description = "Monthly fee in USD (prorated on the invoice when a tenant changes plan).", HelpName = "usd" };

    /// <summary><c>--included-usd</c>.</summary>
    public Option<decimal?> IncludedUsd { get; } = new("--included-usd") { Description = "Usage included each month, in USD at the prices in force.", HelpName = "usd" };

    /// <summary><c>--included-tokens</c>.</summary>
    public Option<long?> IncludedTokens { get; } = new("--included-tokens") { Description = "Tokens included each month beside --included-usd (whichever covers more counts).", HelpName = "tokens" };

    /// <summary><c>--overage</c>.</summary>
    public Option<string?> Overage { get; } = new("--overage") { Description = "Past the allowance: overage (billed) or stop (refused).", HelpName = "overage|stop" };

    /// <summary><c>--billing</c>.</summary>
    public Option<string?> Billing { get; } = new("--billing") { Description = "postpaid (invoiced) or prepaid (draws on the tenant's wallet).", HelpName = "postpaid|prepaid" };

    /// <summary>The limits a plan gives its tenants.</summary>
    public LimitOptions Limits { get; } = new();

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(MonthlyFeeUsd);
        command.Options.Add(IncludedUsd);
        command.Options.Add(IncludedTokens);
        command.Options.Add(Overage);
        command.Options.Add(Billing);
        command.Options.Add(ModelPrices);
        Limits.AddTo(command);
    }

    /// <summary>Writes the fields given into <paramref name="body"/>; true if any was.</summary>
    public bool Write(CommandCall call, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        var any = Limits.Write(call, body);
        foreach (var (option, field) in new[] { (MonthlyFeeUsd, "monthly_fee_usd"), (IncludedUsd, "included_usd") })
        {
            if (call.Has(option))
            {
                body[field] = call.Value(option);
                any = true;
            }
        }

        foreach (var (option, field) in new[] { (Overage, "overage"), (Billing, "billing") })
        {
            if (call.Has(option))
            {
                body[field] = call.Value(option);
                any = true;
            }
        }

        if (call.Has(IncludedTokens))
        {
            body["included_tokens"] = call.Value(IncludedTokens);
            any = true;
        }

        if (call.Value(ModelPrices) is { Length: > 0 } prices)
        {
            body["model_prices"] = new JsonArray([.. prices.Select(p => ParsePrice(p)!)]);
            any = true;
        }

        return any;
    }

    /// <summary><c>MODEL=INPUT,OUTPUT</c> as the API's entry, or null when it is not that shape.</summary>
    private static JsonObject? ParsePrice(string text)
    {
        var equals = text.LastIndexOf('=');
        var parts = equals > 0 ? text[(equals + 1)..].Split(',') : [];
        return parts.Length == 2
            && decimal.TryParse(parts[0], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var input)
            && decimal.TryParse(parts[1], System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var output)
            ? new JsonObject { ["model"] = text[..equals], ["input_usd_per_million"] = input, ["output_usd_per_million"] = output }
            : null;
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;

namespace GatoLink.Cli.Commands;

/// <summary>
/// The five limits a tenant or key may have, as options, and what they send: only the limits given. With
/// <c>--unset</c> (on update) a limit is sent as <c>null</c>, which removes it.
/// </summary>
public sealed class LimitOptions
{
    /// <summary>The JSON field of each option, in the admin API's names.</summary>
    private readonly (Option Option, string Field)[] _all;

    /// <summary>Creates the options.</summary>
    public LimitOptions()
    {
        Rpm.Validators.Add(r => Positive(r, Validation.ValueOrDefault(r, Rpm)));
        Tpm.Validators.Add(r => Positive(r, Validation.ValueOrDefault(r, Tpm)));
        MonthlyTokens.Validators.Add(r => Positive(r, Validation.ValueOrDefault(r, MonthlyTokens)));
        DailyCostUsd.Validators.Add(r => NotNegative(r, Validation.ValueOrDefault(r, DailyCostUsd)));
        MonthlyCostUsd.Validators.Add(r => NotNegative(r, Validation.ValueOrDefault(r, MonthlyCostUsd)));
        _all = [(Rpm, "rpm"), (Tpm, "tpm"), (DailyCostUsd, "daily_cost_usd"), (MonthlyCostUsd, "monthly_cost_usd"), (MonthlyTokens, "monthly_tokens")];
    }

    /// <summary><c>--rpm</c>.</summary>
    public Option<int?> Rpm { get; } = new("--rpm") { Description = "Requests per minute." };

    /// <summary><c>--tpm</c>.</summary>
    public Option<long?> Tpm { get; } = new("--tpm") { Description = "Tokens per minute." };

    /// <summary><c>--daily-cost-usd</c>.</summary>
    public Option<decimal?> DailyCostUsd { get; } = new("--daily-cost-usd") { Description = "Spend per UTC day, in USD." };

    /// <summary><c>--monthly-cost-usd</c>.</summary>
    public Option<decimal?> MonthlyCostUsd { get; } = new("--monthly-cost-usd") { Description = "Spend per UTC month, in USD." };

    /// <summary><c>--monthly-tokens</c>.</summary>
    public Option<long?> MonthlyTokens { get; } = new("--monthly-tokens") { Description = "Tokens per UTC month." };

    /// <summary>The names <c>--unset</c> accepts for limits (the option names without dashes).</summary>
    public IEnumerable<string> UnsetNames => _all.Select(a => a.Option.Name.TrimStart('-'));

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var (option, _) in _all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Writes the limits given on the command line into <paramref name="body"/>; true if any was.</summary>
    public bool Write(CommandCall call, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        var any = false;
        foreach (var (option, field) in _all)
        {
            if (call.Has(option))
            {
                body[field] = option switch
                {
                    Option<int?> o => JsonValue.Create(call.Value(o)),
                    Option<long?> o => JsonValue.Create(call.Value(o)),
                    Option<decimal?> o => JsonValue.Create(call.Value(o)),
                    _ => throw new InvalidOperationException("Unknown limit option type."),
                };
                any = true;
            }
        }

        return any;
    }

    /// <summary>The JSON field for an <c>--unset</c> name, or null if it is not a limit.</summary>
    public string? FieldFor(string unsetName) =>
        _all.Where(a => a.Option.Name.TrimStart('-') == unsetName).Select(a => a.Field).FirstOrDefault();

    /// <summary>The option for an <c>--unset</c> name, or null if it is not a limit.</summary>
    public Option? OptionFor(string unsetName) =>
        _all.Where(a => a.Option.Name.TrimStart('-') == unsetName).Select(a => a.Option).FirstOrDefault();

    private static void Positive<T>(System.CommandLine.Parsing.OptionResult result, T? value)
        where T : struct, IComparable<T>
    {
        if (value is { } v && v.CompareTo(default) <= 0)
        {
            result.AddError($"{result.Option.Name} must be greater than zero.");
        }
    }

    /// <summary>Refuses a negative amount of money.</summary>
    internal static void NotNegative(System.CommandLine.Parsing.OptionResult result, decimal? value)
    {
        if (value is < 0)
        {
            result.AddError($"{result.Option.Name} cannot be negative.");
        }
    }
}

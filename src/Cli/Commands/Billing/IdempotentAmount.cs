using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>
/// The options of a money write that a retry must not repeat (a wallet top-up or adjustment, a credit note):
/// <c>--amount-usd</c>, <c>--reason</c> and <c>--idempotency-key</c>, sent as <c>{amount_usd, reason}</c> with the
/// <c>Idempotency-Key</c> header.
/// </summary>
public sealed class IdempotentAmount
{
    private const string Header = "Idempotency-Key";
    private readonly Option<decimal> _amount;
    private readonly Option<string> _reason;
    private readonly Option<string> _key;

    private IdempotentAmount(Option<decimal> amount, Option<string> reason, Option<string> key)
    {
        _amount = amount;
        _reason = reason;
        _key = key;
    }

    /// <summary>Adds the three options to <paramref name="command"/>; <paramref name="what"/> names the write in their help ("credit", "note").</summary>
    public static IdempotentAmount AddTo(Command command, string amountDescription, string what)
    {
        ArgumentNullException.ThrowIfNull(command);
        var amount = new Option<decimal>("--amount-usd") { Description = amountDescription, HelpName = "usd", Required = true };
        var reason = new Option<string>("--reason") { Description = $"Why (kept with the {what} and in the audit log).", Required = true };
        var key = new Option<string>("--idempotency-key") { Description = $"Names this {what}: the same key again writes nothing more.", HelpName = "key", Required = true };
        command.Options.Add(amount);
        command.Options.Add(reason);
        command.Options.Add(key);
        return new(amount, reason, key);
    }

    /// <summary>The idempotency key given on the command line.</summary>
    public string Key(CommandCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Value(_key)!;
    }

    /// <summary>POSTs the amount and reason to <paramref name="path"/> under the idempotency key.</summary>
    public Task<ApiAnswer> PostAsync(CommandCall call, string path)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = new JsonObject { ["amount_usd"] = call.Value(_amount), ["reason"] = call.Value(_reason) };
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { [Header] = Key(call) };
        return call.Client.SendAsync(HttpMethod.Post, path, body, headers, call.Cancellation);
    }
}

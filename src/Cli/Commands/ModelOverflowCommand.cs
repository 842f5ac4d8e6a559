using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>models overflow NAME [--policy never|when_saturated|on_error --fallback NODE...]</c>: shows, or sets, when a
/// model's requests may leave the own pool and for which external providers, in order.
/// </summary>
internal static class ModelOverflowCommand
{
    private static readonly string[] Policies = ["never", "when_saturated", "on_error"];

    /// <summary>The verb.</summary>
    public static CliCommand Create(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Model name or alias." };
        var policy = new Option<string?>("--policy") { Description = "never, when_saturated (providers instead of queueing) or on_error (only when no own node can serve).", HelpName = "policy" };
        policy.AcceptOnlyFromAmong(Policies);
        var fallback = new Option<string[]>("--fallback") { Description = "An external node id of the chain, in order (repeatable; the chain given replaces the old one).", HelpName = "node" };
        var command = new CliCommand("overflow", "Show or set a model's overflow policy and its chain of external providers.",
            "gatolink-admin models overflow llama-3.1-8b",
            "gatolink-admin models overflow llama-3.1-8b --policy when_saturated --fallback provider-a --fallback provider-b",
            "gatolink-admin models overflow llama-3.1-8b --policy never");
        command.Arguments.Add(name);
        command.Options.Add(policy);
        command.Options.Add(fallback);
        runner.Bind(command, async call =>
        {
            var path = $"admin/models/{AdminClient.Escape(call.Value(name)!)}/overflow";
            ApiAnswer answer;
            if (call.Value(policy) is { } chosen)
            {
                var body = new JsonObject
                {
                    ["overflow"] = chosen,
                    ["fallback"] = new JsonArray([.. (call.Value(fallback) ?? []).Select(f => JsonValue.Create(f))]),
                };
                answer = await call.Client.SendAsync(HttpMethod.Put, path, body, call.Cancellation);
            }
            else if (call.Value(fallback) is { Length: > 0 })
            {
                throw new UsageException("--fallback needs --policy: give the policy the chain serves.");
            }
            else
            {
                answer = await call.Client.GetAsync(path, call.Cancellation);
            }

            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var view = answer.Read(CliJsonContext.Default.OverflowDto);
            call.Output.Write(Details.Grid(
                ("Model", view.Model),
                ("Overflow", view.Overflow),
                ("Fallback", view.Fallback.Count == 0 ? "none" : string.Join(" → ", view.Fallback))));
            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>alerts show|set|webhooks|webhook-add|deliveries</c>: a key's or tenant's budget alert thresholds and spend anomaly
/// factor, and the webhooks alerts are delivered to with their delivery log.
/// </summary>
public static class AlertCommands
{
    private static readonly string[] Formats = ["json", "slack"];

    /// <summary>The <c>alerts</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var alerts = new CliCommand("alerts", "Budget alert rules of keys and tenants, and the webhooks alerts go to.",
            "gatolink-admin alerts show --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f",
            "gatolink-admin alerts set --key-id 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --threshold 80 --threshold 100 --anomaly-factor 5",
            "gatolink-admin alerts webhook-add --url https://hooks.example.com/gatolink --event budget.threshold --format slack");
        alerts.Subcommands.Add(Show(runner));
        alerts.Subcommands.Add(Set(runner));
        alerts.Subcommands.Add(Webhooks(runner));
        alerts.Subcommands.Add(WebhookAdd(runner));
        alerts.Subcommands.Add(Deliveries(runner));
        return alerts;
    }

    private static (Option<Guid?> Key, Option<Guid?> Tenant) Scope(Command command)
    {
        var key = KeyIdOption.Create("Key ID.");
        var tenant = new Option<Guid?>("--tenant") { Description = "Tenant ID.", HelpName = "id" };
        command.Options.Add(key);
        command.Options.Add(tenant);
        command.Validators.Add(r =>
        {
            if (Validation.Given(r, key) == Validation.Given(r, tenant))
            {
                r.AddError("give exactly one of --key-id or --tenant.");
            }
        });
        return (key, tenant);
    }

    private static string PathOf(CommandCall call, (Option<Guid?> Key, Option<Guid?> Tenant) scope) =>
        call.Value(scope.Key) is { } key ? $"admin/keys/{key}/alerts" : $"admin/tenants/{call.Value(scope.Tenant)}/alerts";

    private static CliCommand Show(CommandRunner runner)
    {
        var command = new CliCommand("show", "Show a key's or tenant's alert thresholds and anomaly factor.",
            "gatolink-admin alerts show --key-id 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6");
        var scope = Scope(command);
        runner.Bind(command, async call => Rules(call, (await call.Client.GetAsync(PathOf(call, scope), call.Cancellation)).Body));
        return command;
    }

    private static CliCommand Set(CommandRunner runner)
    {
        var thresholds = new Option<int[]>("--threshold") { Description = "Percent of each budget that raises an alert (repeat; default 50, 80, 100).", HelpName = "percent" };
        var factor = new Option<double?>("--anomaly-factor") { Description = "Alert when an hour's spend passes this many times the trailing 7-day hourly average (keys; off when absent).", HelpName = "x" };
        var command = new CliCommand("set", "Set a key's or tenant's alert thresholds and anomaly factor.",
            "gatolink-admin alerts set --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --threshold 50 --threshold 90");
        command.Options.Add(thresholds);
        command.Options.Add(factor);
        var scope = Scope(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject { ["anomaly_factor"] = call.Value(factor) };
            if (call.Value(thresholds) is { Length: > 0 } given)
            {
                body["thresholds"] = new JsonArray([.. given.Select(t => (JsonNode)t)]);
            }

            return Rules(call, (await call.Client.SendAsync(HttpMethod.Put, PathOf(call, scope), body, call.Cancellation)).Body);
        });
        return command;
    }

    private static int Rules(CommandCall call, string body)
    {
        if (call.Output.IsJson)
        {
            call.Output.Json(body);
            return ExitCodes.Success;
        }

        var rules = JsonNode.Parse(body)!;
        var thresholds = string.Join(", ", rules["thresholds"]!.AsArray().Select(t => $"{(int)t!}%"));
        var factor = rules["anomaly_factor"] is { } f ? ((double)f).ToString("0.##", CultureInfo.InvariantCulture) + "×" : "off";
        call.Output.Line($"Alerts of {(string)rules["scope"]!} {(string)rules["id"]!}: thresholds {thresholds}{((bool)rules["is_default"]! ? " (defaults)" : "")}; spend anomaly {factor}.");
        return ExitCodes.Success;
    }

    private static CliCommand Webhooks(CommandRunner runner)
    {
        var command = new CliCommand("webhooks", "List the webhooks alerts are delivered to.", "gatolink-admin alerts webhooks");
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync("admin/webhooks", call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("ID", "Tenant", "URL", "Events", "Format", "Created");
            foreach (var w in JsonNode.Parse(answer.Body)!.AsArray())
            {
                var events = w!["events"]!.AsArray().Select(e => (string)e!).ToList();
                table.AddRow(Cells.Of((string)w["id"]!, (string?)w["tenant_id"] ?? "(all)", (string)w["url"]!, events.Count == 0 ? "(all)" : string.Join(", ", events),
                    (string)w["format"]!, (string)w["created_at"]!));
            }

            call.Output.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand WebhookAdd(CommandRunner runner)
    {
        var url = new Option<string>("--url") { Description = "Where events are POSTed (http or https).", Required = true, HelpName = "url" };
        var events = new Option<string[]>("--event") { Description = "An event kind to receive (repeat; default all): budget.threshold, spend.anomaly, invoice.finalized, wallet.low.", HelpName = "kind" };
        var format = new Option<string?>("--format") { Description = "json (default) or slack.", HelpName = "json|slack" };
        format.AcceptOnlyFromAmong(Formats);
        var tenant = new Option<Guid?>("--tenant") { Description = "Only this tenant's events (system admins; default: every tenant's).", HelpName = "id" };
        var command = new CliCommand("webhook-add", "Add a webhook; its signing secret is shown once.",
            "gatolink-admin alerts webhook-add --url https://hooks.example.com/gatolink --event budget.threshold");
        command.Options.Add(url);
        command.Options.Add(events);
        command.Options.Add(format);
        command.Options.Add(tenant);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject { ["url"] = call.Value(url), ["format"] = call.Value(format), ["tenant_id"] = call.Value(tenant)?.ToString() };
            if (call.Value(events) is { Length: > 0 } kinds)
            {
                body["events"] = new JsonArray([.. kinds.Select(k => (JsonNode)k)]);
            }

            var answer = await call.Client.SendAsync(HttpMethod.Post, "admin/webhooks", body, call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var webhook = JsonNode.Parse(answer.Body)!;
            call.Output.Line($"Webhook {(string)webhook["id"]!} added; its signatures are HMAC-SHA256 with this secret (header x-gatolink-signature).");
            call.Output.Secret((string)webhook["secret"]!);
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand Deliveries(CommandRunner runner)
    {
        var id = new Argument<Guid>("webhook") { Description = "Webhook ID." };
        var command = new CliCommand("deliveries", "Show a webhook's delivery log, newest first.", "gatolink-admin alerts deliveries 0190c3a0-0000-7000-8000-000000000000");
        command.Arguments.Add(id);
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync($"admin/webhooks/{call.Value(id)}/deliveries", call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("At", "Event", "Attempt", "Status", "Error", "ms");
            foreach (var a in JsonNode.Parse(answer.Body)!.AsArray())
            {
                table.AddRow(Cells.Of((string)a!["at"]!, (string)a["event_id"]!, ((int)a["attempt"]!).ToString(CultureInfo.InvariantCulture),
                    a["status_code"] is { } code ? ((int)code).ToString(CultureInfo.InvariantCulture) : "-", (string?)a["error"] ?? "",
                    ((double)a["duration_ms"]!).ToString("0.#", CultureInfo.InvariantCulture)));
            }

            call.Output.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}

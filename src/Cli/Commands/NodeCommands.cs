using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary><c>nodes list|add|show|update|remove|drain|undrain</c>: the GPU node registry and its live load (system admin).</summary>
public static class NodeCommands
{
    /// <summary>The <c>nodes</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var nodes = new CliCommand("nodes", "Register GPU nodes, watch their load, drain them for maintenance.",
            "gatolink-admin nodes list",
            "gatolink-admin nodes drain gpu-3");
        nodes.Subcommands.Add(List(runner));
        nodes.Subcommands.Add(Add(runner));
        nodes.Subcommands.Add(Show(runner));
        nodes.Subcommands.Add(Update(runner));
        nodes.Subcommands.Add(Remove(runner));
        nodes.Subcommands.Add(Drain(runner, draining: true));
        nodes.Subcommands.Add(Drain(runner, draining: false));
        return nodes;
    }

    private static CliCommand List(CommandRunner runner)
    {
        var command = new CliCommand("list", "List nodes with their live load: queue, running, KV cache use, circuit.",
            "gatolink-admin nodes list",
            "gatolink-admin nodes list --output json | jq '.[] | {id, queue: .load.waiting}'");
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync("admin/nodes", call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var list = answer.Read(CliJsonContext.Default.ListNodeDto);
            var table = new Table().AddColumns("ID", "Engine", "Models", "State", "Queue", "Running", "KV %", "In flight", "Circuit", "Load", "Base URL");
            foreach (var n in list)
            {
                table.AddRow(
                    new Text(n.Id),
                    new Text(n.Engine),
                    new Text(Format.List(n.Models)),
                    new Markup(n.Draining ? "[yellow]draining[/]" : "[green]serving[/]"),
                    new Text(Format.Count(n.Load.Waiting)),
                    new Text(Format.Count(n.Load.Running)),
                    new Text(Format.Percent(n.Load.KvCacheUsage)),
                    new Text(Format.Count(n.InFlight)),
                    new Markup(Circuit(n.Circuit)),
                    new Text(n.Load.State + (n.Load.Saturated ? ", saturated" : "")),
                    new Text(n.BaseUrl));
            }

            call.Output.Write(table);
            call.Output.Line($"{list.Count} node(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand Add(CommandRunner runner)
    {
        var id = new Option<string?>("--id") { Description = "Node ID (default: host-port of the base URL)." };
        var fields = new NodeFields(baseUrlRequired: true);
        var command = new CliCommand("add", "Register a node, or replace the one with the same ID. Without --model its models are discovered.",
            "gatolink-admin nodes add --id gpu-3 --base-url http://10.0.0.13:8000 --engine vllm --model llama-3.1-8b --vram-gb 80",
            "gatolink-admin nodes add --base-url http://10.0.0.14:11434 --engine ollama --label zone=b",
            "gatolink-admin nodes add --id provider-a --base-url https://api.example.com --engine openai --external true --model llama-3.1-8b --api-key-env PROVIDER_A_KEY --price llama-3.1-8b=0.18/0.18");
        command.Options.Add(id);
        fields.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject();
            if (call.Value(id) is { } nodeId)
            {
                body["id"] = nodeId;
            }

            fields.Write(call, body);
            var answer = await call.Client.SendAsync(HttpMethod.Post, "admin/nodes", body, call.Cancellation);
            return Show(call, answer, "Registered node");
        });
        return command;
    }

    private static CliCommand Show(CommandRunner runner)
    {
        var id = NodeId();
        var command = new CliCommand("show", "Show one node: registration and live load.",
            "gatolink-admin nodes show gpu-3");
        command.Arguments.Add(id);
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync($"admin/nodes/{AdminClient.Escape(call.Value(id)!)}", call.Cancellation);
            return Show(call, answer, title: null);
        });
        return command;
    }

    private static CliCommand Update(CommandRunner runner)
    {
        var id = NodeId();
        var fields = new NodeFields(baseUrlRequired: false);
        var command = new CliCommand("update", "Change a node's URL, engine, models, VRAM or labels. Only what is given changes.",
            "gatolink-admin nodes update gpu-3 --model llama-3.1-8b --model qwen2.5-7b",
            "gatolink-admin nodes update gpu-3 --discover-models");
        command.Arguments.Add(id);
        fields.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject();
            fields.Write(call, body);
            if (body.Count == 0)
            {
                throw new UsageException("nothing to change: give --base-url, --engine, --model, --discover-models, --vram-gb, --label, --external, --api-key-env, --remove-api-key, --price or --native-api.");
            }

            var answer = await call.Client.SendAsync(HttpMethod.Patch, $"admin/nodes/{AdminClient.Escape(call.Value(id)!)}", body, call.Cancellation);
            return Show(call, answer, "Updated node");
        });
        return command;
    }

    private static CliCommand Remove(CommandRunner runner)
    {
        var id = NodeId();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new CliCommand("remove", "Remove a node from the registry. Requests running on it finish. Asks first unless --yes.",
            "gatolink-admin nodes remove gpu-3 --yes");
        command.Arguments.Add(id);
        command.Options.Add(yes);
        runner.Bind(command, async call =>
        {
            var node = call.Value(id)!;
            if (!Confirmation.Ask(call, call.Value(yes), $"Remove node {node}?"))
            {
                call.Output.Line("Nothing removed.");
                return ExitCodes.Success;
            }

            await call.Client.SendAsync(HttpMethod.Delete, $"admin/nodes/{AdminClient.Escape(node)}", body: null, call.Cancellation);
            call.Output.Line($"Removed node {node}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand Drain(CommandRunner runner, bool draining)
    {
        var id = NodeId();
        var verb = draining ? "drain" : "undrain";
        var command = draining
            ? new CliCommand("drain", "Stop sending new requests to a node; running ones finish. For maintenance.", "gatolink-admin nodes drain gpu-3")
            : new CliCommand("undrain", "Send requests to a drained node again.", "gatolink-admin nodes undrain gpu-3");
        command.Arguments.Add(id);
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.SendAsync(HttpMethod.Post, $"admin/nodes/{AdminClient.Escape(call.Value(id)!)}/{verb}", body: null, call.Cancellation);
            return Show(call, answer, draining ? "Draining node" : "Undrained node");
        });
        return command;
    }

    private static Argument<string> NodeId() => new("id") { Description = "Node ID." };

    private static int Show(CommandCall call, ApiAnswer answer, string? title)
    {
        if (call.Output.IsJson)
        {
            call.Output.Json(answer.Body);
            return ExitCodes.Success;
        }

        var n = answer.Read(CliJsonContext.Default.NodeDto);
        if (title is not null)
        {
            call.Output.Line($"{title} {n.Id}.");
        }

        var load = n.Load;
        call.Output.Write(Details.Grid(
            ("ID", n.Id),
            ("Base URL", n.BaseUrl),
            ("Engine", n.Engine + (n.External ? " (external provider)" : "")),
            ("API key", n.HasCredential ? "set (encrypted)" : "none"),
            ("Native APIs", n.NativeApis is { Count: > 0 } apis ? Format.List(apis) : "none"),
            ("Models", Format.List(n.Models) + (n.ModelsDiscovered ? " (discovered)" : "")),
            ("VRAM", n.VramGb.ToString("0.#", CultureInfo.InvariantCulture) + " GB"),
            ("Labels", Format.List(n.Labels?.Select(l => $"{l.Key}={l.Value}"))),
            ("State", n.Draining ? "draining" : "serving"),
            ("Circuit", n.Circuit),
            ("In flight", $"{Format.Count(n.InFlight)} requests, {Format.Count(n.InFlightTokens)} tokens"),
            ("Load", $"{load.State}{(load.AgeMs is { } age ? $", {Format.Millis(age)} old" : "")}{(load.Saturated ? ", saturated" : "")}"),
            ("Queue", Format.Count(load.Waiting)),
            ("Running", Format.Count(load.Running)),
            ("KV cache", $"{Format.Percent(load.KvCacheUsage)} of {Format.Count(load.KvCapacityTokens)} tokens"),
            ("Prefix hits", Format.Percent(load.PrefixCacheHitRate)),
            ("Scrape failures", Format.Count(load.ScrapeFailures)),
            ("Created", Format.Time(n.CreatedAt))));
        return ExitCodes.Success;
    }

    private static string Circuit(string circuit) => circuit switch
    {
        "closed" => "[green]closed[/]",
        "open" => "[red]open[/]",
        _ => $"[yellow]{Markup.Escape(circuit)}[/]",
    };
}

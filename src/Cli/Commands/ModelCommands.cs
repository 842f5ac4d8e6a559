using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary><c>models list|add|price|overflow</c>: the model catalogue, its prices and its overflow to external providers.</summary>
public static class ModelCommands
{
    private static readonly string[] Strategies = ["gatolink", "least_request", "round_robin"];

    /// <summary>The <c>models</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var models = new CliCommand("models", "List models, add them, and set their prices.",
            "gatolink-admin models list",
            "gatolink-admin models price llama-3.1-8b --input-price 0.20 --output-price 0.60");
        models.Subcommands.Add(List(runner));
        models.Subcommands.Add(Add(runner));
        models.Subcommands.Add(Price(runner));
        models.Subcommands.Add(ModelOverflowCommand.Create(runner));
        return models;
    }

    private static CliCommand List(CommandRunner runner)
    {
        var command = new CliCommand("list", "List models with their aliases, limits, placement strategy and current price.",
            "gatolink-admin models list",
            "gatolink-admin models list --output json");
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync("admin/models", call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var list = answer.Read(CliJsonContext.Default.ListModelDto);
            var table = new Table().AddColumns("Name", "Aliases", "Context", "Default max tokens", "Strategy", "Input $/M", "Output $/M", "Price since");
            foreach (var m in list)
            {
                table.AddRow(Cells.Of(m.Name, Format.List(m.Aliases), Format.Count(m.ContextLength), Format.Count(m.DefaultMaxTokens), m.Strategy,
                    Format.Usd(m.Price?.InputPerMillionUsd), Format.Usd(m.Price?.OutputPerMillionUsd), Format.Time(m.Price?.EffectiveFrom)));
            }

            call.Output.Write(table);
            call.Output.Line($"{list.Count} model(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand Add(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Model name, as clients ask for it." };
        var aliases = new Option<string[]>("--alias") { Description = "Another name for the model (repeatable).", HelpName = "alias" };
        var context = new Option<int?>("--context-length") { Description = "Context window in tokens (default 8192)." };
        var maxTokens = new Option<int?>("--default-max-tokens") { Description = "max_tokens when a request gives none (default 256)." };
        var strategy = new Option<string?>("--strategy") { Description = "Placement: gatolink (default), least_request or round_robin.", HelpName = "strategy" };
        strategy.AcceptOnlyFromAmong(Strategies);
        var input = PriceOption("--input-price", "USD per million prompt tokens.");
        var output = PriceOption("--output-price", "USD per million completion tokens.");
        var command = new CliCommand("add", "Add a model, or replace the settings of one with the same name (system admin).",
            "gatolink-admin models add llama-3.1-8b --alias llama --context-length 131072",
            "gatolink-admin models add qwen2.5-7b --strategy least_request --input-price 0.15 --output-price 0.45");
        command.Arguments.Add(name);
        command.Options.Add(aliases);
        command.Options.Add(context);
        command.Options.Add(maxTokens);
        command.Options.Add(strategy);
        command.Options.Add(input);
        command.Options.Add(output);
        foreach (var option in new[] { context, maxTokens })
        {
            option.Validators.Add(r =>
            {
                if (Validation.ValueOrDefault(r, option) is <= 0)
                {
                    r.AddError($"{option.Name} must be greater than zero.");
                }
            });
        }

        runner.Bind(command, async call =>
        {
            var body = new JsonObject { ["name"] = call.Value(name) };
            if (call.Value(aliases) is { Length: > 0 } a)
            {
                body["aliases"] = new JsonArray([.. a.Select(x => JsonValue.Create(x))]);
            }

            if (call.Value(context) is { } c)
            {
                body["context_length"] = c;
            }

            if (call.Value(maxTokens) is { } m)
            {
                body["default_max_tokens"] = m;
            }

            if (call.Value(strategy) is { } s)
            {
                body["strategy"] = s;
            }

            if (call.Value(input) is { } i)
            {
                body["input_price_per_million_usd"] = i;
            }

            if (call.Value(output) is { } o)
            {
                body["output_price_per_million_usd"] = o;
            }

            var answer = await call.Client.SendAsync(HttpMethod.Post, "admin/models", body, call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var model = answer.Read(CliJsonContext.Default.ModelDto);
            call.Output.Line($"Saved model {model.Name}.");
            call.Output.Write(Details.Grid(
                ("Name", model.Name),
                ("Aliases", Format.List(model.Aliases)),
                ("Context", Format.Count(model.ContextLength)),
                ("Default max tokens", Format.Count(model.DefaultMaxTokens)),
                ("Strategy", model.Strategy),
                ("Price", model.Price is { } p ? $"{Format.Usd(p.InputPerMillionUsd)} in / {Format.Usd(p.OutputPerMillionUsd)} out per million tokens" : Format.None),
                ("Created", Format.Time(model.CreatedAt))));
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand Price(CommandRunner runner)
    {
        var name = new Argument<string>("name") { Description = "Model name or alias." };
        var input = PriceOption("--input-price", "USD per million prompt tokens.");
        var output = PriceOption("--output-price", "USD per million completion tokens.");
        var cacheHit = PriceOption("--cache-hit-price", "USD per answer from the response cache (default 0).");
        input.Required = true;
        output.Required = true;
        var from = new Option<DateTimeOffset?>("--effective-from") { Description = "When the price starts (ISO 8601; default now; not in the past).", HelpName = "time" };
        var command = new CliCommand("price", "Set a model's price from now or a future time. Billed events keep the price they were billed at.",
            "gatolink-admin models price llama-3.1-8b --input-price 0.20 --output-price 0.60",
            "gatolink-admin models price llama-3.1-8b --input-price 0.18 --output-price 0.50 --effective-from 2027-01-01T00:00:00Z",
            "gatolink-admin models price llama-3.1-8b --input-price 0.20 --output-price 0.60 --cache-hit-price 0.0001");
        command.Arguments.Add(name);
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(cacheHit);
        command.Options.Add(from);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject
            {
                ["input_per_million_usd"] = call.Value(input),
                ["output_per_million_usd"] = call.Value(output),
            };
            if (call.Value(cacheHit) is { } hit)
            {
                body["cache_hit_usd"] = hit;
            }

            if (call.Value(from) is { } at)
            {
                body["effective_from"] = at.ToString("o", CultureInfo.InvariantCulture);
            }

            var answer = await call.Client.SendAsync(HttpMethod.Put, $"admin/models/{AdminClient.Escape(call.Value(name)!)}/pricing", body, call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var pricing = answer.Read(CliJsonContext.Default.PricingDto);
            call.Output.Line($"Prices of {pricing.Model}:");
            var table = new Table().AddColumns("Effective from", "Input $/M", "Output $/M", "Cache hit $", "In force");
            foreach (var p in pricing.PriceHistory)
            {
                table.AddRow(Cells.Of(Format.Time(p.EffectiveFrom), Format.Usd(p.InputPerMillionUsd), Format.Usd(p.OutputPerMillionUsd), Format.Usd(p.CacheHitUsd), p == pricing.Price ? "now" : ""));
            }

            call.Output.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<decimal?> PriceOption(string name, string description)
    {
        var option = new Option<decimal?>(name) { Description = description, HelpName = "usd" };
        option.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, option) is < 0)
            {
                r.AddError($"{name} cannot be negative.");
            }
        });
        return option;
    }
}

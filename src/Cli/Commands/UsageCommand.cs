using System.CommandLine;
using System.Globalization;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>usage</c>: the ledger's daily rollups for everything, a tenant or a key. A table (and a bar chart per day) for
/// people; <c>--format csv|json</c> writes the admin API's export unchanged, with download progress on a terminal.
/// </summary>
public static class UsageCommand
{
    private static readonly string[] Groupings = ["day", "model", "key", "node"];
    private static readonly string[] Formats = ["csv", "json"];
    private static readonly string[] Charts = ["requests", "tokens", "cost"];

    /// <summary>The <c>usage</c> command.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var tenant = new Option<Guid?>("--tenant") { Description = "Only this tenant.", HelpName = "id" };
        var key = KeyIdOption.Create("Only this key.");
        var from = DayOption("--from", "First UTC day, yyyy-MM-dd or an ISO 8601 time (default: 29 days before --to).");
        var to = DayOption("--to", "Last UTC day, included (default: today).");
        var groupBy = new Option<string>("--group-by") { Description = "Rows per day, model, key, GPU node (with each one's share of the node) or value of a tag (tag:KEY).", DefaultValueFactory = _ => "day", HelpName = "day|model|key|node|tag:KEY" };
        groupBy.Validators.Add(r =>
        {
            var value = Validation.ValueOrDefault(r, groupBy) ?? "day";
            if (!Groupings.Contains(value) && !(value.StartsWith("tag:", StringComparison.Ordinal) && value.Length > 4))
            {
                r.AddError($"--group-by must be one of {string.Join(", ", Groupings)} or tag:KEY.");
            }
        });
        var tags = new Option<string[]>("--tag") { Description = "Only requests carrying this tag, KEY:VALUE (repeat for several).", HelpName = "key:value" };
        var format = new Option<string?>("--format") { Description = "Write the API's export instead of a table: csv (exactly the API's bytes) or json.", HelpName = "csv|json" };
        format.AcceptOnlyFromAmong(Formats);
        var chart = new Option<string>("--chart") { Description = "What the per-day bar chart shows.", DefaultValueFactory = _ => "requests", HelpName = "requests|tokens|cost" };
        chart.AcceptOnlyFromAmong(Charts);

        var command = new CliCommand("usage", "Show requests, tokens, cost, errors and time to first token over whole UTC days.",
            "gatolink-admin usage --from 2026-11-01 --to 2026-11-30",
            "gatolink-admin usage --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --group-by model",
            "gatolink-admin usage --key-id 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --chart cost",
            "gatolink-admin usage --group-by tag:customer --tag feature:search",
            "gatolink-admin usage --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --group-by node",
            "gatolink-admin usage --from 2026-10-01 --to 2026-10-31 --group-by key --format csv > october.csv");
        command.Options.Add(tenant);
        command.Options.Add(key);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(groupBy);
        command.Options.Add(tags);
        command.Options.Add(format);
        command.Options.Add(chart);
        command.Validators.Add(r =>
        {
            if (Validation.Given(r, tenant) && Validation.Given(r, key))
            {
                r.AddError("give --tenant or --key-id, not both.");
            }

            if (Validation.ValueOrDefault(r, format) == "csv" && Validation.ValueOrDefault(r, runner.Global.Output) == "json")
            {
                r.AddError("--format csv and --output json contradict each other.");
            }
        });

        runner.Bind(command, async call =>
        {
            var path = call.Value(key) is { } keyId ? $"admin/keys/{keyId}/usage"
                : call.Value(tenant) is { } tenantId ? $"admin/tenants/{tenantId}/usage"
                : "admin/usage";
            var query = new List<string> { "group_by=" + AdminClient.Escape(call.Value(groupBy) ?? "day") };
            query.AddRange((call.Value(tags) ?? []).Select(t => "tag=" + AdminClient.Escape(t)));
            if (call.Value(from) is { } f)
            {
                query.Add("from=" + AdminClient.Escape(f));
            }

            if (call.Value(to) is { } t)
            {
                query.Add("to=" + AdminClient.Escape(t));
            }

            var export = call.Value(format) ?? (call.Output.IsJson ? "json" : null);
            if (export is not null)
            {
                query.Add("format=" + export);
                var answer = await DownloadAsync(call, path + "?" + string.Join('&', query));
                if (export == "csv")
                {
                    call.Output.Raw(answer.Body);
                }
                else
                {
                    call.Output.Json(answer.Body);
                }

                return ExitCodes.Success;
            }

            var report = (await call.Client.GetAsync(path + "?" + string.Join('&', query), call.Cancellation)).Read(CliJsonContext.Default.UsageReportDto);
            Render(call.Output, report, call.Value(chart) ?? "requests");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Option<string?> DayOption(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "date" };
        option.Validators.Add(r =>
        {
            var text = Validation.ValueOrDefault(r, option);
            if (text is not null
                && !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                r.AddError($"{name} '{text}' is not a date (yyyy-MM-dd) or an ISO 8601 time.");
            }
        });
        return option;
    }

    private static async Task<ApiAnswer> DownloadAsync(CommandCall call, string path)
    {
        var console = call.Output.ErrorConsole;
        if (!console.Profile.Capabilities.Interactive || !console.Profile.Capabilities.Ansi)
        {
            return await call.Client.DownloadAsync(path, progress: null, call.Cancellation);
        }

        // Progress goes to standard error, so the export on standard output stays clean, and is cleared when done.
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Exporting usage");
                task.IsIndeterminate = true;
                var answer = await call.Client.DownloadAsync(path, (received, total) =>
                {
                    if (total is { } length)
                    {
                        task.IsIndeterminate = false;
                        task.MaxValue = length;
                    }

                    task.Value = received;
                }, call.Cancellation);
                task.StopTask();
                return answer;
            });
    }

    private static void Render(Renderer output, UsageReportDto report, string chart)
    {
        var scope = report.ApiKeyId is { } k ? $"key {k}" : report.TenantId is { } t ? $"tenant {t}" : "all tenants";
        output.Line($"Usage of {scope}, {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd} (UTC), by {report.GroupBy}:");
        if (report.Cache is { Hits: > 0 } cache)
        {
            output.Line($"Response cache: {Format.Count(cache.Hits)} hits saved {Format.Count(cache.SavedTokens)} tokens, {Format.Usd(cache.SavedUsd)}.");
        }

        if (report.Rows.Count == 0)
        {
            output.Line("No usage in this range.");
            return;
        }

        var heading = report.GroupBy switch
        {
            "model" => "Model",
            "key" => "Key",
            "node" => "Node",
            var g when g.StartsWith("tag:", StringComparison.Ordinal) => "Tag " + g[4..],
            _ => "Day",
        };
        var table = new Table().AddColumns(heading, "Requests", "Prompt tokens", "Completion tokens", "Cost", "Errors", "p50 TTFT", "p95 TTFT", "GPU seconds", "GPU cost", "Node share");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var r in report.Rows)
        {
            table.AddRow(Cells.Of(r.Group.Length == 0 ? "(none)" : r.Group, Format.Count(r.Requests), Format.Count(r.PromptTokens), Format.Count(r.CompletionTokens),
                Format.Usd(r.CostUsd), Format.Count(r.Errors), Format.Millis(r.P50TtftMs), Format.Millis(r.P95TtftMs),
                r.GpuSeconds.ToString("0.###", CultureInfo.InvariantCulture), r.GpuCostUsd is { } gpu ? Format.Usd(gpu) : "",
                r.NodeShare is { } share ? share.ToString("0.0%", CultureInfo.InvariantCulture) : ""));
        }

        table.AddRow(Cells.Of("Total", Format.Count(report.Rows.Sum(r => r.Requests)), Format.Count(report.Rows.Sum(r => r.PromptTokens)),
            Format.Count(report.Rows.Sum(r => r.CompletionTokens)), Format.Usd(report.Rows.Sum(r => r.CostUsd)), Format.Count(report.Rows.Sum(r => r.Errors)), "", "",
            report.Rows.Sum(r => r.GpuSeconds).ToString("0.###", CultureInfo.InvariantCulture), "", ""));
        output.Write(table);

        if (report.GroupBy == "day")
        {
            output.Write(Chart(report.Rows, chart));
        }
    }

    private static BarChart Chart(IReadOnlyList<UsageRowDto> rows, string metric)
    {
        var (label, value, colour) = metric switch
        {
            "tokens" => ("Tokens per day", (Func<UsageRowDto, double>)(r => r.PromptTokens + r.CompletionTokens), Color.Blue),
            "cost" => ("Cost per day (USD)", r => (double)r.CostUsd, Color.Yellow),
            _ => ("Requests per day", r => r.Requests, Color.Green),
        };
        var chart = new BarChart().Width(72).Label(label).LeftAlignLabel();
        foreach (var row in rows)
        {
            chart.AddItem(row.Group, Math.Round(value(row), 4), colour);
        }

        return chart;
    }
}

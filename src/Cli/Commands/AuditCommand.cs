using System.CommandLine;
using System.Globalization;
using GatoLink.Cli.Api;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary><c>audit [--tenant ID] [--from] [--to] [--limit]</c>: who changed what, in the order the silo keeps it.</summary>
public static class AuditCommand
{
    /// <summary>The <c>audit</c> command.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var tenant = new Option<Guid?>("--tenant") { Description = "Only this tenant's entries.", HelpName = "id" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "From this time (ISO 8601; default 30 days before --to).", HelpName = "time" };
        var to = new Option<DateTimeOffset?>("--to") { Description = "Up to this time (default now).", HelpName = "time" };
        var limit = new Option<int?>("--limit") { Description = "Most entries to show (1-1000, default 200).", HelpName = "n" };
        limit.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, limit) is < 1 or > 1000)
            {
                r.AddError("--limit must be between 1 and 1000.");
            }
        });
        var command = new CliCommand("audit", "Show the audit log of admin changes: when, which admin key, what, on what.",
            "gatolink-admin audit",
            "gatolink-admin audit --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --from 2026-11-01 --to 2026-12-01",
            "gatolink-admin audit --limit 1000 --output json > audit.json");
        command.Options.Add(tenant);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(limit);
        runner.Bind(command, async call =>
        {
            var query = new List<string>();
            if (call.Value(tenant) is { } t)
            {
                query.Add("tenant_id=" + t);
            }

            if (call.Value(from) is { } f)
            {
                query.Add("from=" + AdminClient.Escape(f.ToString("o", CultureInfo.InvariantCulture)));
            }

            if (call.Value(to) is { } u)
            {
                query.Add("to=" + AdminClient.Escape(u.ToString("o", CultureInfo.InvariantCulture)));
            }

            if (call.Value(limit) is { } n)
            {
                query.Add("limit=" + n.ToString(CultureInfo.InvariantCulture));
            }

            var answer = await call.Client.GetAsync("admin/audit" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var entries = answer.Read(CliJsonContext.Default.ListAuditEntryDto);
            var table = new Table().AddColumns("At", "Action", "Target", "Admin key", "Tenant");
            foreach (var e in entries)
            {
                table.AddRow(Cells.Of(Format.Time(e.At), e.Action, e.Target, e.ActorKeyId?.ToString() ?? Format.None, e.TenantId?.ToString() ?? Format.None));
            }

            call.Output.Write(table);
            call.Output.Line($"{entries.Count} entr{(entries.Count == 1 ? "y" : "ies")}.");
            return ExitCodes.Success;
        });
        return command;
    }
}

using System.CommandLine;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary><c>budget --key-id ID | --tenant ID</c>: the live, cluster-wide budget, one row and bar per limit.</summary>
public static class BudgetCommand
{
    /// <summary>The <c>budget</c> command.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var key = KeyIdOption.Create("Key ID.");
        var tenant = new Option<Guid?>("--tenant") { Description = "Tenant ID.", HelpName = "id" };
        var command = new CliCommand("budget", "Show what a key or tenant has used of each limit, what remains and when it resets.",
            "gatolink-admin budget --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f",
            "gatolink-admin budget --key-id 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --output json");
        command.Options.Add(key);
        command.Options.Add(tenant);
        command.Validators.Add(r =>
        {
            if (Validation.Given(r, key) == Validation.Given(r, tenant))
            {
                r.AddError("give exactly one of --key-id or --tenant.");
            }
        });
        runner.Bind(command, async call =>
        {
            var path = call.Value(key) is { } keyId ? $"admin/keys/{keyId}/budget" : $"admin/tenants/{call.Value(tenant)}/budget";
            var answer = await call.Client.GetAsync(path, call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            Render(call.Output, answer.Read(CliJsonContext.Default.BudgetDto));
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Render(Renderer output, BudgetDto budget)
    {
        output.Line($"Budget of {budget.Scope} {budget.Id}" + (budget.Scope == "key" ? $" (tenant {budget.TenantId})" : "") + ":");
        if (budget.Limits.Count == 0)
        {
            output.Line("No limits are set: usage is unlimited.");
            return;
        }

        var table = new Table().AddColumns("Budget", "Used", "Limit", "Remaining", "Window", "Resets at", "Used of limit");
        foreach (var l in budget.Limits)
        {
            table.AddRow(
                new Text(l.Name),
                new Text(Amount(l, l.Used)),
                new Text(Amount(l, l.Limit)),
                new Text(Amount(l, l.Remaining)),
                new Text(l.Window),
                new Text(Format.Time(l.ResetsAt)),
                new Markup(Bars.Usage(l.Used, l.Limit, output.Unicode)));
        }

        output.Write(table);
    }

    private static string Amount(BudgetLimitDto limit, long value) =>
        limit.Unit == "usd_micros" ? Format.UsdMicros(value) : $"{Format.Count(value)} {limit.Unit}";
}

using System.CommandLine;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Commands.Billing;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary><c>tenants list|create|show|update|delete</c> over <c>/admin/tenants</c>.</summary>
public static class TenantCommands
{
    /// <summary>The <c>tenants</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var tenants = new CliCommand("tenants", "Create, inspect, change and delete tenants.",
            "gatolink-admin tenants list",
            "gatolink-admin tenants create --name acme --rpm 600 --monthly-cost-usd 500");
        tenants.Subcommands.Add(List(runner));
        tenants.Subcommands.Add(CreateTenant(runner));
        tenants.Subcommands.Add(Show(runner));
        tenants.Subcommands.Add(Update(runner));
        tenants.Subcommands.Add(Delete(runner));
        return tenants;
    }

    private static CliCommand List(CommandRunner runner)
    {
        var command = new CliCommand("list", "List the tenants the key may see (all of them for a system admin).",
            "gatolink-admin tenants list",
            "gatolink-admin tenants list --output json | jq -r '.[].id'");
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync("admin/tenants", call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var list = answer.Read(CliJsonContext.Default.ListTenantDto);
            var table = new Table().AddColumns("ID", "Name", "RPM", "TPM", "Daily $", "Monthly $", "Monthly tokens", "Status", "Created");
            foreach (var t in list)
            {
                table.AddRow(Cells.Of(t.Id.ToString(), t.Name, Format.Count(t.Rpm), Format.Count(t.Tpm), Format.Usd(t.DailyCostUsd),
                    Format.Usd(t.MonthlyCostUsd), Format.Count(t.MonthlyTokens), t.Disabled ? "disabled" : "active", Format.Time(t.CreatedAt)));
            }

            call.Output.Write(table);
            call.Output.Line($"{list.Count} tenant(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand CreateTenant(CommandRunner runner)
    {
        var name = new Option<string>("--name") { Description = "Tenant name.", Required = true };
        var limits = new LimitOptions();
        var schedule = ScheduleOptions.ForTenant();
        var billing = new TenantBillingOptions();
        var command = new CliCommand("create", "Create a tenant (system admin). Limits left out are unlimited.",
            "gatolink-admin tenants create --name acme",
            "gatolink-admin tenants create --name acme --rpm 600 --tpm 200000 --daily-cost-usd 50 --output json",
            "gatolink-admin tenants create --name research --weight 3 --guaranteed-share 0.2 --max-concurrent 40");
        command.Options.Add(name);
        limits.AddTo(command);
        schedule.AddTo(command);
        billing.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject { ["name"] = call.Value(name) };
            limits.Write(call, body);
            schedule.Write(call, body);
            billing.Write(call, body);
            var answer = await call.Client.SendAsync(HttpMethod.Post, "admin/tenants", body, call.Cancellation);
            return Show(call, answer, "Created tenant");
        });
        return command;
    }

    private static CliCommand Show(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Tenant ID." };
        var command = new CliCommand("show", "Show one tenant.",
            "gatolink-admin tenants show 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f");
        command.Arguments.Add(id);
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync($"admin/tenants/{call.Value(id)}", call.Cancellation);
            return Show(call, answer, title: null);
        });
        return command;
    }

    private static CliCommand Update(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Tenant ID." };
        var name = new Option<string?>("--name") { Description = "New name." };
        var disable = new Option<bool>("--disable") { Description = "Disable the tenant: its keys stop working." };
        var enable = new Option<bool>("--enable") { Description = "Enable the tenant again." };
        var limits = new LimitOptions();
        var schedule = ScheduleOptions.ForTenant();
        var billing = new TenantBillingOptions();
        var cache = new CacheOptions(withKvIsolation: true);
        var overflow = new Option<string?>("--external-overflow") { Description = "allow: the tenant's requests may overflow to external providers where a model's policy says so; deny: never (data residency).", HelpName = "allow|deny" };
        overflow.AcceptOnlyFromAmong("allow", "deny");
        var unset = new UnsetOption(limits, [.. billing.Unsettable, ("guaranteed-share", "guaranteed_share", schedule.GuaranteedShare!), cache.Unset]);
        var command = new CliCommand("update", "Change a tenant's name, limits, scheduling, status, plan, billing or response-cache policy (system admin). Only what is given changes.",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --rpm 1200",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --cache-mode semantic --cache-ttl 600 --cache-similarity 0.92",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --kv-isolation true",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --external-overflow deny",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --unset daily-cost-usd",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --disable",
            "gatolink-admin tenants update 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --plan pro --billing prepaid --low-balance-usd 20");
        command.Arguments.Add(id);
        command.Options.Add(name);
        command.Options.Add(disable);
        command.Options.Add(enable);
        limits.AddTo(command);
        schedule.AddTo(command);
        billing.AddTo(command);
        cache.AddTo(command);
        command.Options.Add(overflow);
        unset.AddTo(command);
        command.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, disable) && Validation.ValueOrDefault(r, enable))
            {
                r.AddError("--disable and --enable contradict each other.");
            }
        });
        runner.Bind(command, async call =>
        {
            var body = new JsonObject();
            if (call.Value(name) is { } newName)
            {
                body["name"] = newName;
            }

            if (call.Value(disable) || call.Value(enable))
            {
                body["disabled"] = call.Value(disable);
            }

            limits.Write(call, body);
            schedule.Write(call, body);
            billing.Write(call, body);
            var current = cache.Given(call)
                ? (await call.Client.GetAsync($"admin/tenants/{call.Value(id)}", call.Cancellation)).Read(CliJsonContext.Default.TenantDto).Cache
                : null;
            cache.Write(call, body, current);
            if (call.Value(overflow) is { } external)
            {
                body["external_overflow"] = external;
            }

            unset.Write(call, body);
            if (body.Count == 0)
            {
                throw new UsageException("nothing to change: give --name, --disable/--enable, a limit, --weight, --guaranteed-share, --plan, --billing, a cache option, --external-overflow or --unset.");
            }

            var answer = await call.Client.SendAsync(HttpMethod.Patch, $"admin/tenants/{call.Value(id)}", body, call.Cancellation);
            return Show(call, answer, "Updated tenant");
        });
        return command;
    }

    private static CliCommand Delete(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Tenant ID." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new CliCommand("delete", "Delete a tenant and everything it owns (system admin). Asks first unless --yes.",
            "gatolink-admin tenants delete 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --yes");
        command.Arguments.Add(id);
        command.Options.Add(yes);
        runner.Bind(command, async call =>
        {
            var tenant = call.Value(id);
            if (!Confirmation.Ask(call, call.Value(yes), $"Delete tenant {tenant} and its keys?"))
            {
                call.Output.Line("Nothing deleted.");
                return ExitCodes.Success;
            }

            await call.Client.SendAsync(HttpMethod.Delete, $"admin/tenants/{tenant}", body: null, call.Cancellation);
            call.Output.Line($"Deleted tenant {tenant}.");
            return ExitCodes.Success;
        });
        return command;
    }

    private static int Show(CommandCall call, ApiAnswer answer, string? title)
    {
        if (call.Output.IsJson)
        {
            call.Output.Json(answer.Body);
            return ExitCodes.Success;
        }

        var t = answer.Read(CliJsonContext.Default.TenantDto);
        if (title is not null)
        {
            call.Output.Line($"{title} {t.Name} ({t.Id}).");
        }

        call.Output.Write(Details.Grid(
            ("ID", t.Id.ToString()),
            ("Name", t.Name),
            ("Status", t.Disabled ? "disabled" : "active"),
            ("Requests/min", Format.Count(t.Rpm)),
            ("Tokens/min", Format.Count(t.Tpm)),
            ("Daily cost", Format.Usd(t.DailyCostUsd)),
            ("Monthly cost", Format.Usd(t.MonthlyCostUsd)),
            ("Monthly tokens", Format.Count(t.MonthlyTokens)),
            ("Max concurrent", Format.Count(t.MaxConcurrent)),
            ("Weight", Format.Count(t.Weight)),
            ("Guaranteed share", ScheduleOptions.Share(t.GuaranteedShare)),
            ("Plan", t.Plan ?? Format.None),
            ("Billing", t.Billing ?? Format.None),
            ("Low balance", Format.Usd(t.LowBalanceUsd)),
            ("Response cache", CacheOptions.Describe(t.Cache, "off")),
            ("KV isolation", t.KvIsolation ? "on" : "off"),
            ("External overflow", t.ExternalOverflow),
            ("Created", Format.Time(t.CreatedAt))));
        return ExitCodes.Success;
    }
}

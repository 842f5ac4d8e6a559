using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary>
/// <c>keys list|create|show|update|revoke|rotate</c>. The secret is printed once, by create and rotate, on its own
/// marked line; everywhere else a key is its ID and prefix.
/// </summary>
public static class KeyCommands
{
    /// <summary>The <c>keys</c> command and its verbs.</summary>
    public static Command Create(CommandRunner runner)
    {
        ArgumentNullException.ThrowIfNull(runner);
        var keys = new CliCommand("keys", "Create, inspect, change, revoke and rotate API keys.",
            "gatolink-admin keys list --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f",
            "gatolink-admin keys rotate 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --grace 10m");
        keys.Subcommands.Add(List(runner));
        keys.Subcommands.Add(CreateKey(runner));
        keys.Subcommands.Add(Show(runner));
        keys.Subcommands.Add(Update(runner));
        keys.Subcommands.Add(Revoke(runner));
        keys.Subcommands.Add(Rotate(runner));
        return keys;
    }

    private static CliCommand List(CommandRunner runner)
    {
        var tenant = new Option<Guid>("--tenant") { Description = "Tenant ID.", Required = true };
        var command = new CliCommand("list", "List a tenant's keys (prefixes only, never secrets).",
            "gatolink-admin keys list --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f",
            "gatolink-admin keys list --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --output json");
        command.Options.Add(tenant);
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync($"admin/tenants/{call.Value(tenant)}/keys", call.Cancellation);
            if (call.Output.IsJson)
            {
                call.Output.Json(answer.Body);
                return ExitCodes.Success;
            }

            var list = answer.Read(CliJsonContext.Default.ListKeyDto);
            var table = new Table().AddColumns("ID", "Name", "Prefix", "Role", "Status", "RPM", "TPM", "Daily $", "Monthly $", "Expires", "Created");
            foreach (var k in list)
            {
                table.AddRow(Cells.Of(k.Id.ToString(), k.Name, k.Prefix, k.Role, k.Status, Format.Count(k.Rpm), Format.Count(k.Tpm),
                    Format.Usd(k.DailyCostUsd), Format.Usd(k.MonthlyCostUsd), Format.Time(k.ExpiresAt), Format.Time(k.CreatedAt)));
            }

            call.Output.Write(table);
            call.Output.Line($"{list.Count} key(s).");
            return ExitCodes.Success;
        });
        return command;
    }

    private static CliCommand CreateKey(CommandRunner runner)
    {
        var tenant = new Option<Guid>("--tenant") { Description = "Tenant ID.", Required = true };
        var name = new Option<string?>("--name") { Description = "Key name (default: key)." };
        var role = KeyFields.RoleOption();
        var models = KeyFields.ModelsOption();
        var expires = KeyFields.ExpiresOption();
        var limits = new LimitOptions();
        var schedule = ScheduleOptions.ForKey();
        var command = new CliCommand("create", "Create a key. Its secret is printed once, on a marked line: store it then.",
            "gatolink-admin keys create --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --name ci",
            "gatolink-admin keys create --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --role tenant_admin --rpm 60 --allow-model demo-8b",
            "gatolink-admin keys create --tenant 0b6f3c1e-5d7a-4f0e-9d1c-2a8b7c6d5e4f --output json | jq -r .key");
        command.Options.Add(tenant);
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(models);
        command.Options.Add(expires);
        limits.AddTo(command);
        schedule.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject();
            if (call.Value(name) is { } n)
            {
                body["name"] = n;
            }

            if (call.Value(role) is { } r)
            {
                body["role"] = r;
            }

            if (call.Value(models) is { Length: > 0 } allowed)
            {
                body["allowed_models"] = new JsonArray([.. allowed.Select(m => JsonValue.Create(m))]);
            }

            if (call.Value(expires) is { } at)
            {
                body["expires_at"] = at.ToString("o", CultureInfo.InvariantCulture);
            }

            limits.Write(call, body);
            schedule.Write(call, body);
            var answer = await call.Client.SendAsync(HttpMethod.Post, $"admin/tenants/{call.Value(tenant)}/keys", body, call.Cancellation);
            return KeyFields.Show(call, answer, "Created key");
        });
        return command;
    }

    private static CliCommand Show(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Key ID." };
        var command = new CliCommand("show", "Show one key (its prefix, never its secret).",
            "gatolink-admin keys show 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6");
        command.Arguments.Add(id);
        runner.Bind(command, async call =>
        {
            var answer = await call.Client.GetAsync($"admin/keys/{call.Value(id)}", call.Cancellation);
            return KeyFields.Show(call, answer, title: null);
        });
        return command;
    }

    private static CliCommand Update(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Key ID." };
        var name = new Option<string?>("--name") { Description = "New name." };
        var role = KeyFields.RoleOption();
        var models = KeyFields.ModelsOption();
        var expires = KeyFields.ExpiresOption();
        var limits = new LimitOptions();
        var schedule = ScheduleOptions.ForKey();
        var cache = new CacheOptions(withKvIsolation: false);
        var unset = new UnsetOption(limits, ("allowed-models", "allowed_models", models), ("expires-at", "expires_at", expires), cache.Unset);
        var command = new CliCommand("update", "Change a key's name, role, limits, models, expiry, priority or cache policy (which narrows its tenant's). Only what is given changes.",
            "gatolink-admin keys update 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --rpm 120 --name batch",
            "gatolink-admin keys update 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --cache-mode exact --cache-ttl 300",
            "gatolink-admin keys update 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --unset rpm --unset expires-at");
        command.Arguments.Add(id);
        command.Options.Add(name);
        command.Options.Add(role);
        command.Options.Add(models);
        command.Options.Add(expires);
        limits.AddTo(command);
        schedule.AddTo(command);
        cache.AddTo(command);
        unset.AddTo(command);
        runner.Bind(command, async call =>
        {
            var body = new JsonObject();
            if (call.Value(name) is { } n)
            {
                body["name"] = n;
            }

            if (call.Value(role) is { } r)
            {
                body["role"] = r;
            }

            if (call.Value(models) is { Length: > 0 } allowed)
            {
                body["allowed_models"] = new JsonArray([.. allowed.Select(m => JsonValue.Create(m))]);
            }

            if (call.Value(expires) is { } at)
            {
                body["expires_at"] = at.ToString("o", CultureInfo.InvariantCulture);
            }

            limits.Write(call, body);
            schedule.Write(call, body);
            var current = cache.Given(call)
                ? (await call.Client.GetAsync($"admin/keys/{call.Value(id)}", call.Cancellation)).Read(CliJsonContext.Default.KeyDto).Cache
                : null;
            cache.Write(call, body, current);
            unset.Write(call, body);
            if (body.Count == 0)
            {
                throw new UsageException("nothing to change: give --name, --role, --allow-model, --expires-at, --priority, a limit, a cache option or --unset.");
            }

            var answer = await call.Client.SendAsync(HttpMethod.Patch, $"admin/keys/{call.Value(id)}", body, call.Cancellation);
            return KeyFields.Show(call, answer, "Updated key");
        });
        return command;
    }

    private static CliCommand Revoke(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Key ID." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation." };
        var command = new CliCommand("revoke", "Revoke a key at once; it cannot be used again. Asks first unless --yes.",
            "gatolink-admin keys revoke 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --yes");
        command.Arguments.Add(id);
        command.Options.Add(yes);
        runner.Bind(command, async call =>
        {
            var key = call.Value(id);
            if (!Confirmation.Ask(call, call.Value(yes), $"Revoke key {key}? Clients using it will be refused."))
            {
                call.Output.Line("Nothing revoked.");
                return ExitCodes.Success;
            }

            var answer = await call.Client.SendAsync(HttpMethod.Delete, $"admin/keys/{key}", body: null, call.Cancellation);
            return KeyFields.Show(call, answer, "Revoked key");
        });
        return command;
    }

    private static CliCommand Rotate(CommandRunner runner)
    {
        var id = new Argument<Guid>("id") { Description = "Key ID." };
        var grace = new Option<string?>("--grace")
        {
            Description = "How long the old secret keeps working, e.g. 90s, 10m, 1h30m, 2d (default: it stops now; at most 30d).",
            HelpName = "duration",
        };
        grace.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, grace) is { } text && Durations.Parse(text) is null)
            {
                r.AddError($"--grace '{text}' is not a duration like 90s, 10m, 1h30m or 2d.");
            }
        });
        var command = new CliCommand("rotate", "Give a key a new secret, printed once on a marked line. The ID, limits and usage stay.",
            "gatolink-admin keys rotate 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6",
            "gatolink-admin keys rotate 7d1e2f3a-4b5c-6d7e-8f90-a1b2c3d4e5f6 --grace 10m");
        command.Arguments.Add(id);
        command.Options.Add(grace);
        runner.Bind(command, async call =>
        {
            var path = $"admin/keys/{call.Value(id)}/rotate";
            if (Durations.Parse(call.Value(grace)) is { } span)
            {
                path += "?grace_seconds=" + ((long)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            }

            var answer = await call.Client.SendAsync(HttpMethod.Post, path, body: null, call.Cancellation);
            return KeyFields.Show(call, answer, "Rotated key");
        });
        return command;
    }
}

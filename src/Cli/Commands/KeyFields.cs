using System.CommandLine;
using GatoLink.Cli.Api;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;

namespace GatoLink.Cli.Commands;

/// <summary>The options <c>keys create</c> and <c>keys update</c> share, and how a key is shown.</summary>
internal static class KeyFields
{
    private static readonly string[] Roles = ["user", "tenant_admin", "system_admin"];

    /// <summary><c>--role</c>: one of the roles a key can have.</summary>
    public static Option<string?> RoleOption()
    {
        var role = new Option<string?>("--role") { Description = "user (default), tenant_admin or system_admin.", HelpName = "role" };
        role.AcceptOnlyFromAmong(Roles);
        return role;
    }

    /// <summary><c>--allow-model</c>, repeatable.</summary>
    public static Option<string[]> ModelsOption() => new("--allow-model")
    {
        Description = "Restrict the key to this model (repeatable; default: every model).",
        HelpName = "model",
    };

    /// <summary><c>--expires-at</c>.</summary>
    public static Option<DateTimeOffset?> ExpiresOption() => new("--expires-at")
    {
        Description = "When the key stops working (ISO 8601, e.g. 2027-01-31T00:00:00Z).",
        HelpName = "time",
    };

    /// <summary>Prints a key the API answered with (its secret on its own marked line when create or rotate made one); JSON as the API gave it.</summary>
    public static int Show(CommandCall call, ApiAnswer answer, string? title)
    {
        if (call.Output.IsJson)
        {
            // The JSON is the API's answer: its "key" field holds the secret only when create or rotate made one.
            call.Output.Json(answer.Body);
            return ExitCodes.Success;
        }

        var k = answer.Read(CliJsonContext.Default.KeyDto);
        if (title is not null)
        {
            call.Output.Line($"{title} {k.Name} ({k.Id}).");
        }

        call.Output.Write(Details.Grid(
            ("ID", k.Id.ToString()),
            ("Tenant", k.TenantId.ToString()),
            ("Name", k.Name),
            ("Prefix", k.Prefix),
            ("Role", k.Role),
            ("Status", k.Status),
            ("Requests/min", Format.Count(k.Rpm)),
            ("Tokens/min", Format.Count(k.Tpm)),
            ("Daily cost", Format.Usd(k.DailyCostUsd)),
            ("Monthly cost", Format.Usd(k.MonthlyCostUsd)),
            ("Monthly tokens", Format.Count(k.MonthlyTokens)),
            ("Max concurrent", Format.Count(k.MaxConcurrent)),
            ("Priority", k.Priority ?? "interactive"),
            ("Models", Format.List(k.AllowedModels, "all")),
            ("Response cache", CacheOptions.Describe(k.Cache, "the tenant's")),
            ("Expires", Format.Time(k.ExpiresAt)),
            ("Created", Format.Time(k.CreatedAt))));
        if (k.Key is { Length: > 0 } secret)
        {
            call.Output.Secret(secret);
        }

        return ExitCodes.Success;
    }
}

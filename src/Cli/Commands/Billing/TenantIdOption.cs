using System.CommandLine;

namespace GatoLink.Cli.Commands.Billing;

/// <summary>The required <c>--tenant ID</c> of the billing commands (wallet, invoices).</summary>
public static class TenantIdOption
{
    /// <summary>Adds the option to <paramref name="command"/> and returns it.</summary>
    public static Option<Guid> AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var tenant = new Option<Guid>("--tenant") { Description = "Tenant ID.", HelpName = "id", Required = true };
        command.Options.Add(tenant);
        return tenant;
    }
}

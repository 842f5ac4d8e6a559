using System.CommandLine;
using System.CommandLine.Invocation;
using GatoLink.Cli.Commands;
using GatoLink.Cli.Commands.Billing;

namespace GatoLink.Cli.Hosting;

/// <summary>
/// gatolink-admin as a function: arguments and a <see cref="CliContext"/> in, an exit code out. The process and the
/// tests run exactly this.
/// </summary>
public static class CliApp
{
    /// <summary>The command name, as installed.</summary>
    public const string Name = "gatolink-admin";

    /// <summary>Parses and runs one command line.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = Build(context);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration
        {
            Output = context.Out.Profile.Out.Writer,
            Error = context.Error.Profile.Out.Writer,
        };

        if (parse.Action is ParseErrorAction)
        {
            var error = context.Error.Profile.Out.Writer;
            foreach (var problem in parse.Errors)
            {
                error.WriteLine("error: " + problem.Message);
            }

            error.WriteLine($"See '{CommandPath(parse)} --help'.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(invocation, ct);
    }

    /// <summary>The whole command tree.</summary>
    public static RootCommand Build(CliContext context)
    {
        var global = new GlobalOptions();
        var runner = new CommandRunner(context, global);
        var root = new RootCommand("gatolink-admin: manage a GatoLink silo through its admin API: tenants, keys, budgets, usage, nodes, models, audit, alerts, plans, wallets, invoices.");
        global.AddTo(root);
        root.Subcommands.Add(LoginCommands.Login(runner));
        root.Subcommands.Add(LoginCommands.Logout(runner));
        root.Subcommands.Add(TenantCommands.Create(runner));
        root.Subcommands.Add(KeyCommands.Create(runner));
        root.Subcommands.Add(BudgetCommand.Create(runner));
        root.Subcommands.Add(UsageCommand.Create(runner));
        root.Subcommands.Add(NodeCommands.Create(runner));
        root.Subcommands.Add(ModelCommands.Create(runner));
        root.Subcommands.Add(AuditCommand.Create(runner));
        root.Subcommands.Add(AlertCommands.Create(runner));
        root.Subcommands.Add(PlanCommands.Create(runner));
        root.Subcommands.Add(WalletCommands.Create(runner));
        root.Subcommands.Add(InvoiceCommands.Create(runner));
        ExamplesHelp.Install(root);
        return root;
    }

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? Name : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}

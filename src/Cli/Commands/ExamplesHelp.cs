using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace GatoLink.Cli.Commands;

/// <summary>The standard help, followed by an "Examples:" section for commands that have examples.</summary>
public sealed class ExamplesHelp : SynchronousCommandLineAction
{
    private readonly CommandLineAction _standard;

    private ExamplesHelp(CommandLineAction standard) => _standard = standard;

    /// <summary>Makes every <c>--help</c> under <paramref name="root"/> print examples.</summary>
    public static void Install(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new ExamplesHelp(help.Action ?? new HelpAction());
    }

    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var code = _standard is SynchronousCommandLineAction standard ? standard.Invoke(parseResult) : 0;
        if (parseResult.CommandResult.Command is CliCommand { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples)
            {
                output.WriteLine("  " + example);
            }

            output.WriteLine();
        }

        return code;
    }
}

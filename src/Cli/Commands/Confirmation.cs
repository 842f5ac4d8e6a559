using GatoLink.Cli.Hosting;
using Spectre.Console;

namespace GatoLink.Cli.Commands;

/// <summary>Destructive commands ask first: a prompt at a terminal, <c>--yes</c> in a script.</summary>
public static class Confirmation
{
    /// <summary>True to go ahead; false when the person said no. Throws a usage error when nobody can be asked.</summary>
    public static bool Ask(CommandCall call, bool yes, string question)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (yes)
        {
            return true;
        }

        var console = call.Output.ErrorConsole;
        if (!call.Context.InputIsTerminal || !console.Profile.Capabilities.Interactive)
        {
            throw new UsageException($"{question} Not at a terminal to ask: pass --yes to confirm.");
        }

        return console.Confirm(Markup.Escape(question), defaultValue: false);
    }
}

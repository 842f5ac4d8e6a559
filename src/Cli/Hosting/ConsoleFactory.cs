using Spectre.Console;

namespace GatoLink.Cli.Hosting;

/// <summary>Builds the Spectre consoles with the colour rules in one place.</summary>
public static class ConsoleFactory
{
    /// <summary>Width used when the output is a file or pipe: wide enough that tables are not folded for a reader that is a program.</summary>
    public const int RedirectedWidth = 240;

    /// <summary>
    /// A console over <paramref name="writer"/>: escape codes, prompts and live progress only on a terminal;
    /// colour only on a terminal and without <c>NO_COLOR</c>.
    /// </summary>
    public static IAnsiConsole Create(TextWriter writer, bool isTerminal, bool noColor)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal && !noColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}

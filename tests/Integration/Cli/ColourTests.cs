using GatoLink.Cli.Hosting;
using Spectre.Console;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>Colour only on a terminal, and never with NO_COLOR.</summary>
public sealed class ColourTests
{
    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void NoColourWhenNotATerminalOrWithNoColor(bool isTerminal, bool noColor)
    {
        using var writer = new StringWriter();
        var console = ConsoleFactory.Create(writer, isTerminal, noColor);

        console.Markup("[red]refused[/] [green]ok[/]");

        Assert.Equal("refused ok", writer.ToString());
    }

    [Fact]
    public void NotATerminalIsNeitherInteractiveNorAnsi()
    {
        using var writer = new StringWriter();
        var console = ConsoleFactory.Create(writer, isTerminal: false, noColor: false);

        Assert.False(console.Profile.Capabilities.Interactive);
        Assert.False(console.Profile.Capabilities.Ansi);
        Assert.Equal(ColorSystem.NoColors, console.Profile.Capabilities.ColorSystem);
    }
}

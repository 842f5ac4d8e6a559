using GatoLink.Cli.Hosting;
using Spectre.Console;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>An export at a terminal shows progress on standard error and leaves standard output exactly the export.</summary>
[Collection(CliCollection.Name)]
public sealed class ExportProgressTests(CliSiloFixture fixture)
{
    [Fact]
    public async Task ProgressGoesToStandardErrorOnlyAndTheCsvStaysExact()
    {
        var api = await fixture.Silo.Admin.GetStringAsync("admin/usage?group_by=model&format=csv");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stderr),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
        });
        var environment = fixture.Environment();
        var context = new CliContext(
            ConsoleFactory.Create(stdout, isTerminal: false, noColor: false),
            terminal,
            TextReader.Null,
            InputIsTerminal: false,
            name => environment.GetValueOrDefault(name));

        var code = await CliApp.RunAsync(["usage", "--group-by", "model", "--format", "csv"], context);

        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(api, stdout.ToString());
        Assert.Contains("Exporting usage", stderr.ToString(), StringComparison.Ordinal);
    }
}

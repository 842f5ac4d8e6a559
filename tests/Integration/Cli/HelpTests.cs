using System.CommandLine;
using GatoLink.Cli.Commands;
using GatoLink.Cli.Hosting;

namespace GatoLink.Integration.Tests.Cli;

[Collection(CliCollection.Name)]
public sealed class HelpTests(CliSiloFixture fixture)
{
    public static TheoryData<string> EveryCommand()
    {
        var data = new TheoryData<string>();
        using var nowhere = new StringWriter();
        var root = CliApp.Build(new CliContext(
            ConsoleFactory.Create(nowhere, isTerminal: false, noColor: true),
            ConsoleFactory.Create(nowhere, isTerminal: false, noColor: true),
            TextReader.Null,
            InputIsTerminal: false,
            _ => null));
        foreach (var path in Paths(root, ""))
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task EveryCommandHasHelpWithExamples(string path)
    {
        var run = (await fixture.RunAsync([.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"])).Succeeded();

        Assert.Contains("Usage:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("  gatolink-admin " + path, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RootHelpListsTheConnectionOptions()
    {
        var run = (await fixture.RunAsync("--help")).Succeeded();

        foreach (var text in new[] { "--url", "--key", "--profile", "--output", "tenants", "keys", "budget", "usage", "nodes", "models", "audit", "login" })
        {
            Assert.Contains(text, run.Stdout, StringComparison.Ordinal);
        }
    }

    private static IEnumerable<string> Paths(Command command, string prefix)
    {
        foreach (var sub in command.Subcommands)
        {
            var path = (prefix + " " + sub.Name).Trim();
            Assert.IsType<CliCommand>(sub);
            yield return path;
            foreach (var deeper in Paths(sub, path))
            {
                yield return deeper;
            }
        }
    }
}

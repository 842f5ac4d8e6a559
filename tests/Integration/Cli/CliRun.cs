using System.Text.Json.Nodes;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;

namespace GatoLink.Integration.Tests.Cli;

/// <summary>One finished run of gatolink-admin: exit code and everything it wrote.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for "never printed anywhere" checks.</summary>
    public string All => Stdout + Stderr;

    /// <summary>Standard output parsed as JSON.</summary>
    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("stdout was JSON null");

    /// <summary>
    /// Runs the CLI in this process, as the process entry point does, with consoles over string writers: not a
    /// terminal, so no colour, no prompts and no live progress.
    /// </summary>
    public static async Task<CliRun> InProcessAsync(string[] args, IReadOnlyDictionary<string, string?> environment, string? input = null, TimeProvider? time = null)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var stdin = new StringReader(input ?? "");
        var context = new CliContext(
            ConsoleFactory.Create(stdout, isTerminal: false, noColor: false),
            ConsoleFactory.Create(stderr, isTerminal: false, noColor: false),
            stdin,
            InputIsTerminal: false,
            name => environment.TryGetValue(name, out var value) ? value : null) { Time = time ?? TimeProvider.System };
        var code = await CliApp.RunAsync(args, context);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Asserts success, showing the output when it failed.</summary>
    public CliRun Succeeded()
    {
        Assert.True(ExitCode == ExitCodes.Success, $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    /// <summary>Asserts the exit code and that standard error is one "error:" line.</summary>
    public string FailedWith(int exitCode)
    {
        Assert.True(ExitCode == exitCode, $"expected exit {exitCode}, got {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        Assert.StartsWith("error: ", Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Stderr, StringComparison.Ordinal);
        return Stderr;
    }

    /// <summary>Asserts that <paramref name="secret"/> appears exactly once in all output, on the marked secret line.</summary>
    public void ShowsSecretOnceOnMarkedLine(string secret)
    {
        var lines = All.Split('\n').Where(l => l.Contains(secret, StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.StartsWith(Renderer.SecretMarker + " " + secret, line, StringComparison.Ordinal);
        Assert.Equal(1, CountOf(All, secret));
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

using Spectre.Console;

namespace GatoLink.Cli.Hosting;

/// <summary>
/// Everything the CLI touches outside itself: its two consoles, its input, its environment. The process passes the
/// real ones (<see cref="FromProcess"/>); tests pass captured writers and a dictionary.
/// </summary>
/// <param name="Out">Results: tables, JSON, CSV, the one-time secret line.</param>
/// <param name="Error">Diagnostics and progress; never results.</param>
/// <param name="Input">Standard input (a key piped to <c>login</c>).</param>
/// <param name="InputIsTerminal">Whether <see cref="Input"/> is a person at a terminal (then <c>login</c> may prompt).</param>
/// <param name="Environment">Environment variable lookup.</param>
public sealed record CliContext(
    IAnsiConsole Out,
    IAnsiConsole Error,
    TextReader Input,
    bool InputIsTerminal,
    Func<string, string?> Environment)
{
    /// <summary>The clock: sign-in expiry and the device code flow's waits between polls.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The process's consoles: colour only on a terminal and without <c>NO_COLOR</c>.</summary>
    public static CliContext FromProcess()
    {
        static string? Env(string name) => System.Environment.GetEnvironmentVariable(name);
        var noColor = !string.IsNullOrEmpty(Env("NO_COLOR"));
        var stdout = ConsoleFactory.Create(Console.Out, isTerminal: !Console.IsOutputRedirected, noColor);
        var stderr = ConsoleFactory.Create(Console.Error, isTerminal: !Console.IsErrorRedirected, noColor);
        return new CliContext(stdout, stderr, Console.In, !Console.IsInputRedirected, Env);
    }
}

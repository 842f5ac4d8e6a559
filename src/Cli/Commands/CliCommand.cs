using System.CommandLine;

namespace GatoLink.Cli.Commands;

/// <summary>A command whose <c>--help</c> ends with examples.</summary>
public sealed class CliCommand : Command
{
    /// <summary>A command with a description and examples (each a full command line).</summary>
    public CliCommand(string name, string description, params string[] examples)
        : base(name, description) => Examples = examples;

    /// <summary>Example command lines shown by <c>--help</c>.</summary>
    public IReadOnlyList<string> Examples { get; }
}

using System.CommandLine;
using GatoLink.Cli.Output;

namespace GatoLink.Cli.Commands;

/// <summary>The options every command takes: where the silo is, which key, how to print.</summary>
public sealed class GlobalOptions
{
    /// <summary><c>--url</c>.</summary>
    public Option<string?> Url { get; } = new("--url")
    {
        Description = "Silo URL, e.g. http://127.0.0.1:8080 (default: $GATOLINK_URL, then the profile).",
        Recursive = true,
    };

    /// <summary><c>--key</c>.</summary>
    public Option<string?> Key { get; } = new("--key", "--admin-key")
    {
        Description = "Admin key (default: $GATOLINK_ADMIN_KEY, then the profile). Arguments show in process lists: prefer the variable or 'login'.",
        Recursive = true,
    };

    /// <summary><c>--profile</c>.</summary>
    public Option<string?> Profile { get; } = new("--profile")
    {
        Description = "Saved profile to use (default: $GATOLINK_PROFILE, then 'default').",
        Recursive = true,
    };

    /// <summary><c>--output</c>.</summary>
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json for scripts (the admin API's field names).",
        DefaultValueFactory = _ => "table",
        Recursive = true,
        HelpName = "table|json",
    };

    /// <summary>The output mode chosen on <paramref name="parse"/>.</summary>
    public OutputMode OutputOf(ParseResult parse) =>
        parse?.GetValue(Output) == "json" ? OutputMode.Json : OutputMode.Table;

    /// <summary>Adds them to the root.</summary>
    public void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Output.AcceptOnlyFromAmong("table", "json");
        root.Options.Add(Url);
        root.Options.Add(Key);
        root.Options.Add(Profile);
        root.Options.Add(Output);
    }
}

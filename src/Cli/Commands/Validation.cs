using System.CommandLine;
using System.CommandLine.Parsing;

namespace GatoLink.Cli.Commands;

/// <summary>Reads option values inside validators, where a value that failed to parse must not throw.</summary>
public static class Validation
{
    /// <summary>The option's value, or default when it is absent or did not parse.</summary>
    public static T? ValueOrDefault<T>(SymbolResult result, Option<T> option)
    {
        ArgumentNullException.ThrowIfNull(result);
        try
        {
            return result.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            // System.CommandLine converts lazily and throws for a value it cannot convert; it reports that value's
            // own error in the parse result, so a validator of other rules has nothing to check or add.
            return default;
        }
    }

    /// <summary>Whether the option was typed on the command line (rather than defaulted).</summary>
    public static bool Given(SymbolResult result, Option option)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.GetResult(option) is { Implicit: false };
    }
}

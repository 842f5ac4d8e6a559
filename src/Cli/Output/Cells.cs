using Spectre.Console;

namespace GatoLink.Cli.Output;

/// <summary>Table rows from plain text: server values are escaped so a "[" in a name is not read as markup.</summary>
public static class Cells
{
    /// <summary>The values, escaped for <see cref="Table.AddRow(string[])"/>.</summary>
    public static string[] Of(params string[] values) => [.. values.Select(Markup.Escape)];
}

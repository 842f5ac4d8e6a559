using Spectre.Console;

namespace GatoLink.Cli.Output;

/// <summary>One resource as a two-column grid of field and value.</summary>
public static class Details
{
    /// <summary>The grid; values are text, not markup.</summary>
    public static Grid Grid(params (string Field, string Value)[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (field, value) in rows)
        {
            grid.AddRow(new Text(field, new Style(decoration: Decoration.Bold)), new Text(value));
        }

        return grid;
    }
}

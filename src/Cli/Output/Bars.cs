using Spectre.Console;

namespace GatoLink.Cli.Output;

/// <summary>A horizontal bar for a table cell: how much of a limit is used, green to red.</summary>
public static class Bars
{
    /// <summary>Cells in a bar.</summary>
    public const int Width = 20;

    /// <summary>Markup for <paramref name="used"/> of <paramref name="limit"/>.</summary>
    public static string Usage(long used, long limit, bool unicode)
    {
        var fraction = limit <= 0 ? 1 : Math.Clamp((double)used / limit, 0, 1);
        var filled = (int)Math.Round(fraction * Width, MidpointRounding.AwayFromZero);
        var colour = fraction switch
        {
            >= 0.9 => "red",
            >= 0.7 => "yellow",
            _ => "green",
        };
        var (full, empty) = unicode ? ('█', '░') : ('#', '.');
        return $"[{colour}]{new string(full, filled)}[/][grey]{new string(empty, Width - filled)}[/] {Markup.Escape(Format.Percent(fraction))}";
    }
}

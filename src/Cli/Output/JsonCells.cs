using System.Text.Json.Nodes;

namespace GatoLink.Cli.Output;

/// <summary>Values of the silo's JSON (which may be null) as table text, formatted as <see cref="Format"/> does.</summary>
public static class JsonCells
{
    /// <summary>A JSON number as a count.</summary>
    public static string Number(JsonNode? node) => Format.Count(node is null ? null : (long?)node);

    /// <summary>A JSON amount of USD as dollars.</summary>
    public static string Usd(JsonNode? node) => Format.Usd(node is null ? null : (decimal?)node);

    /// <summary>A JSON string or other value as text.</summary>
    public static string Text(JsonNode? node) => node is null ? Format.None : node.ToString();
}

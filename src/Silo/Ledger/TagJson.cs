using System.Text.Json;

namespace GatoLink.Silo.Ledger;

/// <summary>A ledger row's tags as the JSON object both databases store (jsonb, TEXT); null when there are none.</summary>
internal static class TagJson
{
    /// <summary>The JSON text of <paramref name="tags"/>, or null.</summary>
    public static string? Write(IReadOnlyDictionary<string, string>? tags) =>
        tags is null || tags.Count == 0 ? null
            : JsonSerializer.Serialize(new Dictionary<string, string>(tags), LedgerJsonContext.Default.DictionaryStringString);
}

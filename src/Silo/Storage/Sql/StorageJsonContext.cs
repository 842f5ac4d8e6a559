using System.Text.Json.Serialization;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Source-generated JSON for the list and map columns SQLite keeps as TEXT, and a finalized invoice's body.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(GatoLink.Grains.Abstractions.Invoices.Invoice))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

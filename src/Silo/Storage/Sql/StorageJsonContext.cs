using System.Text.Json.Serialization;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Source-generated JSON for the list and map columns SQLite keeps as TEXT.</summary>
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

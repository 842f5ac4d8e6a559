using System.Text.Json.Serialization;

namespace GatoLink.Silo.Storage.Sql;

/// <summary>Source-generated JSON for the list and map columns SQLite keeps as TEXT, a finalized invoice's body and a plan's model prices.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(GatoLink.Grains.Abstractions.Invoices.Invoice))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(GatoLink.Grains.Abstractions.Plans.PlanModelPrice[]))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(GatoLink.Grains.Abstractions.Nodes.ProviderPrice[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

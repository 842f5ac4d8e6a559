using System.Text.Json.Serialization;

namespace GatoLink.NodeSim;

[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(SimFaults))]
internal sealed partial class SimFaultsJsonContext : JsonSerializerContext;

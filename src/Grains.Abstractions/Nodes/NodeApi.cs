using System.Text.Json.Serialization;

namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>
/// A client API a node serves itself besides OpenAI chat and completions, as its operator declares it
/// (<see cref="GpuNodeRecord.NativeApis"/>): requests of that surface are passed through to the node in their own
/// protocol rather than translated onto chat.
/// </summary>
public enum NodeApi
{
    /// <summary>OpenAI's Responses API (<c>POST /v1/responses</c>), as vLLM serves it.</summary>
    [JsonStringEnumMemberName("responses")]
    Responses,
}

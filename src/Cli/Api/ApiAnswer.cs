using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace GatoLink.Cli.Api;

/// <summary>A successful answer: its status and its body exactly as the silo sent it.</summary>
public sealed record ApiAnswer(HttpStatusCode Status, string Body)
{
    /// <summary>The body read as <typeparamref name="T"/>; a body that does not fit throws <see cref="JsonException"/>.</summary>
    public T Read<T>(JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(Body, type) ?? throw new JsonException($"The silo answered {(int)Status} with an empty body.");
}

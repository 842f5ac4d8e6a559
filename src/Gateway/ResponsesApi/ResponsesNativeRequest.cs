using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.AnthropicApi;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>
/// What a node that serves the Responses API itself is sent, and how its answer is made GatoLink's. GatoLink keeps the
/// conversation: the node gets a self-contained request (the client's, with <c>input</c> the whole conversation, a
/// previous response's turns expanded, no <c>previous_response_id</c>, <c>store: false</c>), and its response object
/// comes back under GatoLink's id, the client's model name and the client's <c>store</c> and
/// <c>previous_response_id</c>, so that the client continues, reads and deletes it through GatoLink on any silo.
/// </summary>
internal static class ResponsesNativeRequest
{
    /// <summary>The node's body for the client's <paramref name="client"/> request, as admission settled it in <paramref name="settledChat"/>.</summary>
    public static byte[] Build(JsonObject client, ResponsesRequestInfo info, ReadOnlySpan<byte> settledChat)
    {
        var body = (JsonObject)client.DeepClone();
        body.Remove("previous_response_id");
        // The node's stream has no usage option to ask for: its response.completed carries the usage.
        body.Remove("stream_options");
        body["input"] = JsonNode.Parse(info.Conversation);
        body["store"] = false;
        var reader = new Utf8JsonReader(settledChat);
        using var settled = JsonDocument.ParseValue(ref reader);
        var root = settled.RootElement;
        // The model's name at the node (an alias resolved), the output cap admission reserved for, the tenant's KV salt.
        body["model"] = root.GetProperty("model").GetString();
        if (root.TryGetProperty("max_tokens", out var max) && max.TryGetInt32(out var tokens))
        {
            body["max_output_tokens"] = tokens;
        }

        if (root.TryGetProperty("cache_salt", out var salt) && salt.ValueKind == JsonValueKind.String)
        {
            body["cache_salt"] = salt.GetString();
        }

        return JsonSerializer.SerializeToUtf8Bytes(body, AnthropicJson.FaithfulText);
    }

    /// <summary>
    /// The node's response object as GatoLink answers it (<paramref name="response"/> changed in place); false when it
    /// is not a response object (then nothing of it is changed).
    /// </summary>
    public static bool Adopt(JsonNode? response, string id, ResponsesRequestInfo info)
    {
        if (response is not JsonObject obj || obj["object"] is not JsonValue kind || !kind.TryGetValue<string>(out var name) || name != "response")
        {
            return false;
        }

        obj["id"] = id;
        obj["model"] = info.Model;
        obj["store"] = info.Store;
        obj["previous_response_id"] = info.PreviousResponseId;
        return true;
    }
}

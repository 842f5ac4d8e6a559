using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace GatoLink.Integration.Tests.Admin;

/// <summary>Raw admin requests (any bytes, any method) and their OpenAI-shaped error.</summary>
internal static class AdminRequests
{
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, string? body) =>
        SendAsync(client, method, path, body is null ? null : Encoding.UTF8.GetBytes(body));

    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path, byte[]? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }

        return await client.SendAsync(request);
    }

    /// <summary>The <c>error</c> object of a response, failing the test when the body is not one.</summary>
    public static async Task<JsonObject> ErrorOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text) as JsonObject;
        Assert.True(json?["error"] is JsonObject, $"expected an OpenAI error body, got: {text}");
        return (JsonObject)json!["error"]!;
    }

    /// <summary>Fills {tenant} and {key} in a route.</summary>
    public static string Fill(string route, Guid tenant, Guid key) =>
        route.Replace("{tenant}", tenant.ToString(), StringComparison.Ordinal).Replace("{key}", key.ToString(), StringComparison.Ordinal);

    /// <summary>Reads a created resource's JSON.</summary>
    public static async Task<JsonObject> JsonOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;
}

using System.Net;
using System.Net.Http.Headers;

namespace GatoLink.Gateway.Proxy;

/// <summary>The one HTTP client every silo uses to reach nodes: pooled connections, no proxy, no timeout of its own.</summary>
public sealed class UpstreamClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    /// <summary>Creates the client.</summary>
    public UpstreamClient()
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(3),
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
        };

        // Cancellation tokens bound every call; HttpClient's own timeout would cut long streams.
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>POSTs a JSON body (with the node's key when <paramref name="auth"/> has one) and returns as soon as the response headers arrive.</summary>
    /// <param name="header">A header the node's protocol requires (e.g. <c>anthropic-version</c>), or null.</param>
    public Task<HttpResponseMessage> PostAsync(Uri baseUrl, string path, ReadOnlyMemory<byte> body, string requestId, CancellationToken ct, NodeAuth auth = default, (string Name, string Value)? header = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, path))
        {
            Content = new ReadOnlyMemoryContent(body),
            Version = HttpVersion.Version11,
        };
        request.Content.Headers.ContentType = Json;
        request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
        Authorize(request, auth);
        if (header is { } extra)
        {
            request.Headers.TryAddWithoutValidation(extra.Name, extra.Value);
        }

        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    /// <summary>GETs a small document (models list, metrics) as text, with the node's key when <paramref name="auth"/> has one.</summary>
    public async Task<string> GetStringAsync(Uri baseUrl, string path, CancellationToken ct, NodeAuth auth = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl, path));
        Authorize(request, auth);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(ct);
    }

    private static void Authorize(HttpRequestMessage request, NodeAuth auth)
    {
        if (auth.Header is { } header)
        {
            request.Headers.TryAddWithoutValidation(header, auth.Value);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}

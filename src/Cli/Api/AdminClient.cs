using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Cli.Config;

namespace GatoLink.Cli.Api;

/// <summary>
/// The admin REST API over HTTP, and nothing else: every call is a request with the admin key or the sign-in's access
/// token as a bearer token.
/// A refusal becomes <see cref="ApiRefusedException"/> with the silo's own message; no answer becomes
/// <see cref="SiloUnreachableException"/>.
/// </summary>
public sealed class AdminClient : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(100);
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly IBearerCredential _credential;

    /// <summary>A client for one silo and credential.</summary>
    public AdminClient(Connection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _baseUrl = connection.Url;
        _credential = connection.Credential;

        // Downloads stream and are timed by the caller's token; every other call is bounded by CallTimeout.
        _http = new HttpClient { BaseAddress = connection.Url, Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gatolink-admin", typeof(AdminClient).Assembly.GetName().Version?.ToString(3)));
    }

    /// <summary><c>GET</c> a path relative to the silo root (e.g. <c>admin/tenants</c>).</summary>
    public Task<ApiAnswer> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, body: null, ct);

    /// <summary>Sends a request with an optional JSON body and returns the answer, or throws on refusal or no answer.</summary>
    public Task<ApiAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct) => SendAsync(method, path, body, headers: new Dictionary<string, string>(StringComparer.Ordinal), ct);

    /// <summary>As <see cref="SendAsync(HttpMethod, string, JsonNode?, CancellationToken)"/>, with request headers (an <c>Idempotency-Key</c>, say).</summary>
    public async Task<ApiAnswer> SendAsync(HttpMethod method, string path, JsonNode? body, IReadOnlyDictionary<string, string> headers, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(CallTimeout);
        using var request = await RequestAsync(method, path, ct);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = JsonMediaType;
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return Check(response, text);
        }
        catch (HttpRequestException ex)
        {
            throw new SiloUnreachableException(_baseUrl, ex.Message, ex);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SiloUnreachableException(_baseUrl, $"no answer within {CallTimeout.TotalSeconds:0} s", ex);
        }
    }

    /// <summary>
    /// <c>GET</c> a possibly large answer, reporting bytes received (and the total when the silo sends a length) as they
    /// arrive. The body is returned exactly as sent.
    /// </summary>
    public async Task<ApiAnswer> DownloadAsync(string path, Action<long, long?>? progress, CancellationToken ct)
    {
        try
        {
            using var request = await RequestAsync(HttpMethod.Get, path, ct);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var total = response.Content.Headers.ContentLength;
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[64 * 1024];
            long received = 0;
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
                received += read;
                progress?.Invoke(received, total);
            }

            return Check(response, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        catch (HttpRequestException ex)
        {
            throw new SiloUnreachableException(_baseUrl, ex.Message, ex);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>Escapes one path segment or query value.</summary>
    public static string Escape(string value) => Uri.EscapeDataString(value);

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path, CancellationToken ct)
    {
        var token = await _credential.TokenAsync(ct);
        return new HttpRequestMessage(method, path) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) } };
    }

    private ApiAnswer Check(HttpResponseMessage response, string body)
    {
        if (response.IsSuccessStatusCode)
        {
            return new ApiAnswer(response.StatusCode, body);
        }

        var (message, code) = ErrorOf(body);
        message ??= $"{(int)response.StatusCode} {response.ReasonPhrase}".Trim();
        message = OneLine(message);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            message = $"the silo refused the {_credential.Kind} (401): {message}";
        }

        throw new ApiRefusedException(response.StatusCode, message, code);
    }

    private static (string? Message, string? Code) ErrorOf(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            var envelope = JsonSerializer.Deserialize(body, CliJsonContext.Default.ErrorEnvelopeDto);
            return (envelope?.Error?.Message, envelope?.Error?.Code);
        }
        catch (JsonException)
        {
            // Not the silo's error shape (a proxy in front of it, say): show the start of what came back.
            return (body.Length > 200 ? body[..200] + "…" : body, null);
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

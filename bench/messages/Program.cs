using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using GatoLink.Bench.Failover;

// Translation overhead of /v1/messages and /v1/responses and the first byte of a streamed message and response, against
// the same node.
// Usage: GatoLink.Bench.Messages <silo-url> <node-url> <key> [requests=1000] [warmup=200] [native-node-url]
// With a native node (one that serves /v1/responses itself and is declared so, serving the model demo-native), the
// Responses probes are also run passed through to it, and sent to it directly.
// One client, sequential; every iteration sends each probe once, the order rotating, so that the machine's drift
// falls on all of them alike.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: <silo-url> <node-url> <key> [requests] [warmup]");
    return 2;
}

var silo = args[0].TrimEnd('/');
var node = args[1].TrimEnd('/');
var key = args[2];
var requests = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1000;
var warmup = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200;
var native = args.Length > 5 ? args[5].TrimEnd('/') : null;
using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

const string Prompt = "Summarise the plot of a short story about a lighthouse keeper in two sentences.";
var chat = $$"""{"model":"demo-8b","max_tokens":16,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"{{Prompt}}"}]}""";
var messages = $$"""{"model":"demo-8b","max_tokens":16,"system":"Be brief.","messages":[{"role":"user","content":"{{Prompt}}"}]}""";
var chatStream = chat.Replace("\"max_tokens\":16", "\"max_tokens\":16,\"stream\":true", StringComparison.Ordinal);
var messagesStream = messages.Replace("\"max_tokens\":16", "\"max_tokens\":16,\"stream\":true", StringComparison.Ordinal);
// store:false: the Responses probe measures the translation, not a database write per request.
var responses = $$"""{"model":"demo-8b","max_output_tokens":16,"store":false,"instructions":"Be brief.","input":"{{Prompt}}"}""";
var responsesStored = responses.Replace("\"store\":false", "\"store\":true", StringComparison.Ordinal);
var responsesStream = responses.Replace("\"store\":false", "\"store\":false,\"stream\":true", StringComparison.Ordinal);

(string Name, string Url, string Body, bool FirstByte)[] probes =
[
    ("chat via gatolink (whole)", silo + "/v1/chat/completions", chat, false),
    ("messages via gatolink (whole)", silo + "/v1/messages", messages, false),
    ("chat direct to node (stream, first byte)", node + "/v1/chat/completions", chatStream, true),
    ("chat via gatolink (stream, first byte)", silo + "/v1/chat/completions", chatStream, true),
    ("messages via gatolink (stream, first byte)", silo + "/v1/messages", messagesStream, true),
    ("responses via gatolink (whole)", silo + "/v1/responses", responses, false),
    ("responses via gatolink (stream, first byte)", silo + "/v1/responses", responsesStream, true),
    ("responses via gatolink (whole, stored)", silo + "/v1/responses", responsesStored, false),
];
if (native is not null)
{
    var nativeWhole = responses.Replace("demo-8b", "demo-native", StringComparison.Ordinal);
    var nativeStream = responsesStream.Replace("demo-8b", "demo-native", StringComparison.Ordinal);
    probes =
    [
        .. probes,
        ("responses passed through (whole)", silo + "/v1/responses", nativeWhole, false),
        ("responses passed through (stream, first byte)", silo + "/v1/responses", nativeStream, true),
        ("responses direct to node (whole)", native + "/v1/responses", nativeWhole, false),
        ("responses direct to node (stream, first byte)", native + "/v1/responses", nativeStream, true),
    ];
}

var samples = probes.Select(_ => new List<double>(requests)).ToArray();

for (var i = 0; i < warmup + requests; i++)
{
    for (var k = 0; k < probes.Length; k++)
    {
        var p = (i + k) % probes.Length;
        var ms = await TimeAsync(http, probes[p].Url, probes[p].Body, key, probes[p].FirstByte);
        if (i >= warmup)
        {
            samples[p].Add(ms);
        }
    }
}

Console.WriteLine($"{requests} requests per probe after {warmup} warm-up, one client, sequential; milliseconds");
Console.WriteLine($"{"probe",-48} {"p50",8} {"p90",8} {"p99",8}");
for (var p = 0; p < probes.Length; p++)
{
    Console.WriteLine($"{probes[p].Name,-48} {Percentiles.Of(samples[p], 50),8:F3} {Percentiles.Of(samples[p], 90),8:F3} {Percentiles.Of(samples[p], 99),8:F3}");
}

// Paired differences: iteration i of a translated surface minus iteration i of chat, both through the silo on the same node.
Paired("messages - chat, whole", samples[1], samples[0]);
Paired("messages - chat, first byte", samples[4], samples[3]);
Paired("responses - chat, whole", samples[5], samples[0]);
Paired("responses - chat, first byte", samples[6], samples[3]);
Paired("stored - unstored response, whole", samples[7], samples[5]);
if (native is not null)
{
    Paired("passed through - translated, whole", samples[8], samples[5]);
    Paired("passed through - translated, first byte", samples[9], samples[6]);
    Paired("passed through - direct, whole", samples[8], samples[10]);
    Paired("passed through - direct, first byte", samples[9], samples[11]);
}

return 0;

static void Paired(string name, List<double> surface, List<double> chat)
{
    var differences = surface.Zip(chat, (a, b) => a - b).ToList();
    Console.WriteLine($"{"overhead " + name,-48} {Percentiles.Of(differences, 50),8:F3} {Percentiles.Of(differences, 90),8:F3} {Percentiles.Of(differences, 99),8:F3}");
}

// Whole: until the body is read. First byte: until the read that holds the first "data:" line of the stream (headers
// alone do not count), then the rest is read untimed so the connection returns to the pool.
static async Task<double> TimeAsync(HttpClient http, string url, string body, string key, bool firstByte)
{
    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
    var start = Stopwatch.GetTimestamp();
    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    await using var stream = await response.Content.ReadAsStreamAsync();
    if (!response.IsSuccessStatusCode)
    {
        throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await new StreamReader(stream).ReadToEndAsync()}");
    }

    if (!firstByte)
    {
        await stream.CopyToAsync(Stream.Null);
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    var buffer = new byte[16 * 1024];
    var filled = 0;
    double? first = null;
    while (first is null && filled < buffer.Length)
    {
        var read = await stream.ReadAsync(buffer.AsMemory(filled));
        if (read == 0)
        {
            break;
        }

        filled += read;
        var text = buffer.AsSpan(0, filled);
        var data = text.IndexOf("data:"u8);
        if (data >= 0 && text[data..].IndexOf((byte)'\n') >= 0)
        {
            first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
    }

    await stream.CopyToAsync(Stream.Null);
    return first ?? throw new InvalidOperationException($"{url}: no data line");
}

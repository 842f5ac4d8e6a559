using System.Net.Http.Headers;
using GatoLink.Grains.Abstractions.Alerts;
using Microsoft.Extensions.Options;

namespace GatoLink.Grains.Alerts;

/// <summary>POSTs one event to one webhook, signed, and says how it went (never throws for the receiver's failures).</summary>
public sealed class WebhookSender(HttpClient http, TimeProvider time, IOptions<WebhookOptions> options)
{
    /// <summary>Sends <paramref name="due"/> as attempt <paramref name="attempt"/>.</summary>
    public async Task<DeliveryAttempt> SendAsync(DueDelivery due, int attempt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(due);
        var at = time.GetUtcNow();
        var started = time.GetTimestamp();
        var body = WebhookBody.Of(due.Event, due.Webhook.Format);
        using var request = new HttpRequestMessage(HttpMethod.Post, due.Webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(due.Webhook.Secret, at, body));
        request.Headers.Add("x-gatolink-event-id", due.Event.EventId.ToString("D"));
        request.Headers.Add("x-gatolink-event", OutboxEventKinds.ToText(due.Event.Kind));
        using var timeout = new CancellationTokenSource(options.Value.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, linked.Token);
            var code = (int)response.StatusCode;
            return new DeliveryAttempt(due.Event.EventId, due.Webhook.Id, attempt, at, code,
                response.IsSuccessStatusCode ? null : $"the receiver answered {code}", time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryAttempt(due.Event.EventId, due.Webhook.Id, attempt, at, null, ex.Message, time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new DeliveryAttempt(due.Event.EventId, due.Webhook.Id, attempt, at, null, "the receiver did not answer in time", time.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}

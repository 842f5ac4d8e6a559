using System.Globalization;
using System.Net;
using System.Text;
using GatoLink.Gateway.AnthropicApi;
using GatoLink.Integration.Tests.Infrastructure;

namespace GatoLink.Integration.Tests.Providers;

/// <summary>GatoLink's <c>/v1/messages</c> answers carry the key's limits in Anthropic's <c>anthropic-ratelimit-*</c> headers.</summary>
public sealed class AnthropicLimitHeaderTests(AnthropicProviderFixture fx) : IClassFixture<AnthropicProviderFixture>
{
    [Fact]
    public async Task AMessageCarriesTheKeysRequestAndTokenLimitsInAnthropicsHeaders()
    {
        using var http = fx.Silo.Http(await fx.Silo.CreateUserKeyAsync(new { name = "limited", rpm = 7, tpm = 100_000 }));
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        using var first = await PostAsync(http);
        using var second = await PostAsync(http);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("7", Header(first, "anthropic-ratelimit-requests-limit"));
        Assert.Equal("6", Header(first, "anthropic-ratelimit-requests-remaining"));
        Assert.Equal("5", Header(second, "anthropic-ratelimit-requests-remaining"));
        Assert.Equal("100000", Header(first, "anthropic-ratelimit-tokens-limit"));
        Assert.True(long.Parse(Header(first, "anthropic-ratelimit-tokens-remaining"), CultureInfo.InvariantCulture) < 100_000);
        var reset = DateTimeOffset.Parse(Header(first, "anthropic-ratelimit-requests-reset"), CultureInfo.InvariantCulture);
        Assert.InRange(reset, before, DateTimeOffset.UtcNow.AddMinutes(1).AddSeconds(1));
        // The client's convention only: OpenAI's names are for chat.
        Assert.False(first.Headers.Contains("x-ratelimit-limit-requests"));
    }

    [Theory]
    [InlineData("0s", 0)]
    [InlineData("17ms", 17)]
    [InlineData("1.5s", 1_500)]
    [InlineData("6m0s", 360_000)]
    [InlineData("1h2m3.25s", 3_723_250)]
    public void ResetDurationsAreReadAsOpenAisHeadersWriteThem(string text, long milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), AnthropicLimitHeaders.ParseDuration(text));

    [Fact]
    public void AResetIsTheTimeTheBucketIsFullRoundedUpToTheSecond() =>
        Assert.Equal("2026-01-01T00:01:03Z", AnthropicLimitHeaders.ResetTime(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), "1m2.5s"));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "v1/messages")
        {
            Content = new StringContent("""{"model":"demo-8b","max_tokens":3,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        return http.SendAsync(request);
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"no {name} header; got {response.Headers}");
}

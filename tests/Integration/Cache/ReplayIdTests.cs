using System.Text;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Integration.Tests.Cache;

/// <summary>A replayed answer's own id: every occurrence of the answer's id replaced by a fresh one of the same shape, nothing else touched.</summary>
public sealed class ReplayIdTests
{
    [Fact]
    public void AJsonAnswerGetsAFreshIdOfTheSameShapeAndNothingElseChanges()
    {
        const string Stored = """{"id":"chatcmpl-abc123XYZ","object":"chat.completion","created":1,"choices":[{"message":{"tool_calls":[{"id":"call_1","type":"function"}]}}]}""";

        var replayed = Encoding.UTF8.GetString(ReplayId.Fresh(Encoding.UTF8.GetBytes(Stored), streamed: false).Span);
        var again = Encoding.UTF8.GetString(ReplayId.Fresh(Encoding.UTF8.GetBytes(Stored), streamed: false).Span);

        CacheCalls.SameAnswerWithItsOwnId(Stored, replayed);
        Assert.NotEqual(replayed, again);
        Assert.Contains("\"id\":\"call_1\"", replayed, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryEventOfAStreamCarriesTheSameFreshIdEvenWhenItIsNested()
    {
        const string Stored = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01ABCDEF\",\"model\":\"m\"}}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"ref\":\"msg_01ABCDEF\"}\n\n";

        var replayed = Encoding.UTF8.GetString(ReplayId.Fresh(Encoding.UTF8.GetBytes(Stored), streamed: true).Span);

        var fresh = replayed.Substring(replayed.IndexOf("msg_", StringComparison.Ordinal), "msg_01ABCDEF".Length);
        Assert.StartsWith("msg_", fresh, StringComparison.Ordinal);
        Assert.NotEqual("msg_01ABCDEF", fresh);
        Assert.Equal(Stored.Replace("msg_01ABCDEF", fresh, StringComparison.Ordinal), replayed);
    }

    [Fact]
    public void AnAnswerWithoutAnIdIsReplayedAsStored()
    {
        var stored = Encoding.UTF8.GetBytes("""{"object":"list","data":[{"embedding":[0.1]}]}""");

        Assert.Equal(stored, ReplayId.Fresh(stored, streamed: false).ToArray());
    }
}

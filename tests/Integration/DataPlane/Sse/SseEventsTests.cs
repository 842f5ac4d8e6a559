using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using GatoLink.Gateway.Proxy;

namespace GatoLink.Integration.Tests.DataPlane.Sse;

/// <summary>
/// The relay's event splitting reads every engine's recorded stream, in reads of any size (an event, a CRLF or the
/// CR before an LF cut across two reads), into the same data payloads, by the SSE standard.
/// </summary>
public sealed class SseEventsTests
{
    public static TheoryData<string, int> Streams()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in RecordedStreams.All.Keys)
        {
            foreach (var readSize in new[] { 1, 2, 3, 7, 64, 100_000 })
            {
                data.Add(name, readSize);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Streams))]
    public async Task EveryRecordedStreamYieldsItsPayloadsInReadsOfAnySize(string name, int readSize)
    {
        var bytes = Encoding.UTF8.GetBytes(RecordedStreams.All[name]);
        var pipe = new Pipe();
        var payloads = new List<string>();

        for (var offset = 0; offset < bytes.Length; offset += readSize)
        {
            await pipe.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(readSize, bytes.Length - offset)));
            if (offset + readSize >= bytes.Length)
            {
                await pipe.Writer.CompleteAsync();
            }

            var read = await pipe.Reader.ReadAsync();
            var buffer = read.Buffer;
            while (SseEvents.TryRead(ref buffer, read.IsCompleted, out var evt))
            {
                if (SseEvents.TryGetData(evt.ToArray(), out var payload, out var joined))
                {
                    payloads.Add(Encoding.UTF8.GetString(payload));
                }

                if (joined is not null)
                {
                    ArrayPool<byte>.Shared.Return(joined);
                }
            }

            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        Assert.Equal(RecordedStreams.Payloads(name), payloads);
    }

    [Theory]
    [InlineData("data: [DONE]\r\r", true, "[DONE]")]
    [InlineData("data: [DONE]\r\r", false, null)]
    [InlineData("data: [DONE]\r\r\n", false, "[DONE]")]
    [InlineData("data: [DONE]\r", true, null)]
    [InlineData("data: [DONE]\n", false, null)]
    [InlineData("data:[DONE]\n\n", false, "[DONE]")]
    [InlineData(": comment only\n\ndata: x\n\n", false, "x")]
    [InlineData("data\n\n", false, "")]
    [InlineData("data:  two spaces\n\n", false, " two spaces")]
    [InlineData("dataX: not data\ndata: yes\n\n", false, "yes")]
    public void AnEventEndsOnlyAtABlankLineAndItsDataFollowsTheStandard(string stream, bool final, string? expected)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(stream));
        string? data = null;
        while (data is null && SseEvents.TryRead(ref buffer, final, out var evt))
        {
            if (SseEvents.TryGetData(evt.ToArray(), out var payload, out _))
            {
                data = Encoding.UTF8.GetString(payload);
            }
        }

        Assert.Equal(expected, data);
    }
}

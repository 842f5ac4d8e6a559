using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using GatoLink.Gateway.AnthropicApi;

namespace GatoLink.Integration.Tests.Messages;

/// <summary>The Messages surface's translation, both ways, without a silo: request onto chat, chat answer and stream back.</summary>
public sealed class MessagesTranslationTests
{
    private static readonly MessagesRequestInfo Request = new("claude-like", ["STOP"]);

    private static JsonElement TranslateRequest(string body)
    {
        var chat = MessagesRequestTranslator.Translate(Encoding.UTF8.GetBytes(body), requireMaxTokens: true, out _, out var error);
        Assert.True(chat is not null, error?.Message);
        return JsonDocument.Parse(chat).RootElement;
    }

    [Fact]
    public void SystemMultiTurnImagesToolUseAndToolResultBecomeChatMessages()
    {
        var chat = TranslateRequest("""
            {"model":"m","max_tokens":10,"system":[{"type":"text","text":"Be "},{"type":"text","text":"kind."}],
             "metadata":{"user_id":"u1"},"temperature":0.5,"top_p":0.9,"top_k":40,"stop_sequences":["STOP"],
             "messages":[
               {"role":"user","content":[{"type":"text","text":"What is here?"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBOR"}},{"type":"image","source":{"type":"url","url":"https://x/y.png"}}]},
               {"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":"s"},{"type":"text","text":"Let me look."},{"type":"tool_use","id":"toolu_1","name":"lookup","input":{"q":"é"}}]},
               {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"a cat"}]},{"type":"text","text":"And?"}]}]}
            """);

        var messages = chat.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "user", "assistant", "tool", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Be kind.", messages[0].GetProperty("content").GetString());
        var parts = messages[1].GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("What is here?", parts[0].GetProperty("text").GetString());
        Assert.Equal("data:image/png;base64,iVBOR", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("https://x/y.png", parts[2].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("Let me look.", messages[2].GetProperty("content").GetString());
        var call = messages[2].GetProperty("tool_calls")[0];
        Assert.Equal("toolu_1", call.GetProperty("id").GetString());
        Assert.Equal("lookup", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("{\"q\":\"é\"}", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal("toolu_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("a cat", messages[3].GetProperty("content").GetString());
        Assert.Equal(10, chat.GetProperty("max_tokens").GetInt32());
        Assert.Equal(["STOP"], chat.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(0.5, chat.GetProperty("temperature").GetDouble());
        Assert.Equal(0.9, chat.GetProperty("top_p").GetDouble());
        Assert.Equal(40, chat.GetProperty("top_k").GetInt32());
        Assert.False(chat.TryGetProperty("metadata", out _));
    }

    [Theory]
    [InlineData("""{"type":"auto"}""", "\"auto\"", null)]
    [InlineData("""{"type":"any","disable_parallel_tool_use":true}""", "\"required\"", false)]
    [InlineData("""{"type":"none"}""", "\"none\"", null)]
    [InlineData("""{"type":"tool","name":"lookup"}""", """{"type":"function","function":{"name":"lookup"}}""", null)]
    public void ToolsAndToolChoiceBecomeFunctionTools(string toolChoice, string chatChoice, bool? parallel)
    {
        var chat = TranslateRequest("""{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"lookup","description":"Looks up","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],"tool_choice":""" + toolChoice + "}");

        var function = chat.GetProperty("tools")[0].GetProperty("function");
        Assert.Equal("function", chat.GetProperty("tools")[0].GetProperty("type").GetString());
        Assert.Equal("lookup", function.GetProperty("name").GetString());
        Assert.Equal("Looks up", function.GetProperty("description").GetString());
        Assert.Equal("object", function.GetProperty("parameters").GetProperty("type").GetString());
        Assert.Equal(chatChoice, chat.GetProperty("tool_choice").GetRawText());
        Assert.Equal(parallel, chat.TryGetProperty("parallel_tool_calls", out var p) ? p.GetBoolean() : null);
    }

    [Fact]
    public void AStreamAsksTheEngineForUsageWithEveryChunk()
    {
        var chat = TranslateRequest("""{"model":"m","max_tokens":1,"stream":true,"messages":[{"role":"user","content":"x"}]}""");

        Assert.True(chat.GetProperty("stream").GetBoolean());
        Assert.True(chat.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.True(chat.GetProperty("stream_options").GetProperty("continuous_usage_stats").GetBoolean());
    }

    [Theory]
    [InlineData("stop", null, "end_turn", null)]
    [InlineData("stop", "STOP", "stop_sequence", "STOP")]
    [InlineData("length", null, "max_tokens", null)]
    [InlineData("tool_calls", null, "tool_use", null)]
    public void AChatAnswerBecomesAMessageWithBlocksStopReasonAndUsage(string finish, string? matched, string reason, string? sequence)
    {
        var stop = matched is null ? "null" : "\"" + matched + "\"";
        var completion = $$$"""
            {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"finish_reason":"{{{finish}}}","stop_reason":{{{stop}}},
              "message":{"role":"assistant","content":"Hi there","tool_calls":[{"id":"call-1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"cats\"}"}}]}}],
             "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
            """;

        var message = JsonDocument.Parse(MessagesAnswerTranslator.Translate(Encoding.UTF8.GetBytes(completion), "msg_1", Request)).RootElement;

        Assert.Equal("msg_1", message.GetProperty("id").GetString());
        Assert.Equal("message", message.GetProperty("type").GetString());
        Assert.Equal("assistant", message.GetProperty("role").GetString());
        Assert.Equal("claude-like", message.GetProperty("model").GetString());
        var blocks = message.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal("Hi there", blocks[0].GetProperty("text").GetString());
        Assert.Equal("tool_use", blocks[1].GetProperty("type").GetString());
        Assert.Equal("call-1", blocks[1].GetProperty("id").GetString());
        Assert.Equal("cats", blocks[1].GetProperty("input").GetProperty("q").GetString());
        Assert.Equal(reason, message.GetProperty("stop_reason").GetString());
        Assert.Equal(sequence, message.GetProperty("stop_sequence").GetString());
        Assert.Equal(12, message.GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal(7, message.GetProperty("usage").GetProperty("output_tokens").GetInt32());
    }

    [Fact]
    public async Task AChatStreamBecomesAnthropicsEventSequence()
    {
        string[] chunks =
        [
            """data: {"choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":{"prompt_tokens":9,"completion_tokens":0}}""",
            """data: {"choices":[{"index":0,"delta":{"content":"Hel"}}]}""",
            """data: {"choices":[{"index":0,"delta":{"content":"lo"}}]}""",
            """data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call-1","type":"function","function":{"name":"lookup","arguments":""}}]}}]}""",
            """data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"q\":"}}]}}]}""",
            """data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"x\"}"}}]}}]}""",
            """data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            """data: {"choices":[],"usage":{"prompt_tokens":9,"completion_tokens":5}}""",
        ];
        var translator = new MessagesStreamTranslator("msg_1", Request, estimatedInputTokens: 100);
        var pipe = new Pipe();

        foreach (var chunk in chunks)
        {
            translator.Translate(Encoding.UTF8.GetBytes(chunk), pipe.Writer);
        }

        translator.Finish(pipe.Writer);
        await pipe.Writer.CompleteAsync();
        var text = Encoding.UTF8.GetString((await pipe.Reader.ReadAsync()).Buffer);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(e => (Name: e.Split('\n')[0]["event: ".Length..], Data: JsonDocument.Parse(e.Split('\n')[1]["data: ".Length..]).RootElement))
            .ToList();

        Assert.Equal(
            ["message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop"],
            events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal(9, events[0].Data.GetProperty("message").GetProperty("usage").GetProperty("input_tokens").GetInt32());
        Assert.Equal("msg_1", events[0].Data.GetProperty("message").GetProperty("id").GetString());
        Assert.Equal("Hello", events[3].Data.GetProperty("delta").GetProperty("text").GetString() + events[4].Data.GetProperty("delta").GetProperty("text").GetString());
        Assert.Equal(1, events[6].Data.GetProperty("index").GetInt32());
        Assert.Equal("lookup", events[6].Data.GetProperty("content_block").GetProperty("name").GetString());
        Assert.Equal("input_json_delta", events[7].Data.GetProperty("delta").GetProperty("type").GetString());
        Assert.Equal("{\"q\":\"x\"}", events[7].Data.GetProperty("delta").GetProperty("partial_json").GetString() + events[8].Data.GetProperty("delta").GetProperty("partial_json").GetString());
        Assert.Equal("tool_use", events[10].Data.GetProperty("delta").GetProperty("stop_reason").GetString());
        Assert.Equal(5, events[10].Data.GetProperty("usage").GetProperty("output_tokens").GetInt32());
        Assert.Equal(9, events[10].Data.GetProperty("usage").GetProperty("input_tokens").GetInt32());
    }
}

using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatoLink.Gateway.ResponsesApi;

namespace GatoLink.Integration.Tests.Responses;

/// <summary>The Responses surface's translation, both ways, without a silo: request onto chat, chat answer and stream back.</summary>
public sealed class ResponsesTranslationTests
{
    private static readonly ResponsesRequestInfo Request = new("gpt-like", "Be kind.", 50, 0.5, null, null, null, true, true, null, """{"k":"v"}""", "[]");

    private static JsonElement TranslateRequest(string body, JsonArray? previous, out ResponsesRequestInfo info)
    {
        var chat = ResponsesRequestTranslator.Translate((JsonObject)JsonNode.Parse(body)!, previous, out info);
        return JsonDocument.Parse(chat).RootElement;
    }

    [Fact]
    public void InstructionsItemsImagesFunctionCallsAndOutputsBecomeChatMessages()
    {
        var chat = TranslateRequest("""
            {"model":"m","instructions":"Be kind.","max_output_tokens":10,"temperature":0.5,"top_p":0.9,"stream":true,"store":false,
             "metadata":{"team":"a"},"user":"u1","parallel_tool_calls":false,
             "tools":[{"type":"function","name":"lookup","description":"Looks up","parameters":{"type":"object"},"strict":true}],
             "tool_choice":{"type":"function","name":"lookup"},
             "text":{"format":{"type":"json_schema","name":"out","schema":{"type":"object"},"strict":true}},
             "input":[
               {"role":"developer","content":"Answer in French."},
               {"type":"message","role":"user","content":[{"type":"input_text","text":"What is here?"},{"type":"input_image","image_url":"data:image/png;base64,iVBOR","detail":"low"}]},
               {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Let me look.","annotations":[]}]},
               {"type":"function_call","call_id":"call_1","name":"lookup","arguments":"{\"q\":\"é\"}"},
               {"type":"function_call","call_id":"call_2","name":"lookup","arguments":"{}"},
               {"type":"function_call_output","call_id":"call_1","output":"a cat"},
               {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"a "},{"type":"input_text","text":"dog"}]}]}
            """, null, out var info);

        var messages = chat.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["system", "system", "user", "assistant", "tool", "tool"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("Be kind.", messages[0].GetProperty("content").GetString());
        Assert.Equal("Answer in French.", messages[1].GetProperty("content").GetString());
        var parts = messages[2].GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(("text", "What is here?"), (parts[0].GetProperty("type").GetString(), parts[0].GetProperty("text").GetString()));
        Assert.Equal("data:image/png;base64,iVBOR", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Equal("low", parts[1].GetProperty("image_url").GetProperty("detail").GetString());
        // The assistant's text and the calls that followed it are one chat turn.
        Assert.Equal("Let me look.", messages[3].GetProperty("content").GetString());
        var calls = messages[3].GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(["call_1", "call_2"], calls.Select(c => c.GetProperty("id").GetString()));
        Assert.Equal("{\"q\":\"é\"}", calls[0].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal(("call_1", "a cat"), (messages[4].GetProperty("tool_call_id").GetString(), messages[4].GetProperty("content").GetString()));
        Assert.Equal("a dog", messages[5].GetProperty("content").GetString());
        Assert.Equal(10, chat.GetProperty("max_tokens").GetInt32());
        Assert.True(chat.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(0.9, chat.GetProperty("top_p").GetDouble());
        var tool = chat.GetProperty("tools")[0];
        Assert.Equal(("function", "lookup", "Looks up", true), (tool.GetProperty("type").GetString(), tool.GetProperty("function").GetProperty("name").GetString(),
            tool.GetProperty("function").GetProperty("description").GetString(), tool.GetProperty("function").GetProperty("strict").GetBoolean()));
        Assert.Equal("lookup", chat.GetProperty("tool_choice").GetProperty("function").GetProperty("name").GetString());
        Assert.False(chat.GetProperty("parallel_tool_calls").GetBoolean());
        Assert.Equal("out", chat.GetProperty("response_format").GetProperty("json_schema").GetProperty("name").GetString());
        // Nothing the engine has no counterpart for is sent.
        Assert.False(chat.TryGetProperty("user", out _) || chat.TryGetProperty("metadata", out _) || chat.TryGetProperty("store", out _) || chat.TryGetProperty("instructions", out _));
        Assert.Equal((false, false, "Be kind.", 10, """{"team":"a"}"""), (info.Store, info.ParallelToolCalls, info.Instructions, info.MaxOutputTokens, info.Metadata));
        Assert.Equal(7, JsonNode.Parse(info.Conversation)!.AsArray().Count);
    }

    [Fact]
    public void APreviousConversationComesBeforeTheInputAndIsStoredWithIt()
    {
        var previous = (JsonArray)JsonNode.Parse("""
            [{"type":"message","role":"user","content":"My name is Ada."},
             {"id":"msg_1","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hello Ada.","annotations":[]}]}]
            """)!;

        var chat = TranslateRequest("""{"model":"m","input":"What is my name?","previous_response_id":"resp_1"}""", previous, out var info);

        var messages = chat.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString(), m.GetProperty("content").GetString())).ToList();
        Assert.Equal([("user", "My name is Ada."), ("assistant", "Hello Ada."), ("user", "What is my name?")], messages);
        Assert.Equal("resp_1", info.PreviousResponseId);
        Assert.True(info.Store);
        var conversation = JsonNode.Parse(info.Conversation)!.AsArray();
        Assert.Equal(3, conversation.Count);
        Assert.Equal("What is my name?", (string?)conversation[2]!["content"]);
    }

    [Fact]
    public void AChatAnswerBecomesAResponseWithMessageAndFunctionCallItemsAndUsage()
    {
        var completion = """
            {"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Looking it up.",
              "tool_calls":[{"id":"call_9","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"x\"}"}}]},"finish_reason":"length"}],
             "usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}
            """;
        var draft = new ResponseDraft("resp_abc", 1_700_000_000);

        Assert.True(ResponsesAnswerTranslator.Read(Encoding.UTF8.GetBytes(completion), draft));
        Assert.False(ResponsesAnswerTranslator.Read("""{"error":{"message":"engine failed","type":"server_error"}}"""u8, new ResponseDraft("resp_err", 1)));
        var response = JsonDocument.Parse(ResponseWriter.ToBytes(draft, Request)).RootElement;

        Assert.Equal(("resp_abc", "response", 1_700_000_000L), (response.GetProperty("id").GetString(), response.GetProperty("object").GetString(), response.GetProperty("created_at").GetInt64()));
        Assert.Equal("incomplete", response.GetProperty("status").GetString());
        Assert.Equal("max_output_tokens", response.GetProperty("incomplete_details").GetProperty("reason").GetString());
        Assert.Equal(("gpt-like", "Be kind.", 50), (response.GetProperty("model").GetString(), response.GetProperty("instructions").GetString(), response.GetProperty("max_output_tokens").GetInt32()));
        var output = response.GetProperty("output").EnumerateArray().ToList();
        Assert.Equal(("message", "assistant", "completed"), (output[0].GetProperty("type").GetString(), output[0].GetProperty("role").GetString(), output[0].GetProperty("status").GetString()));
        Assert.StartsWith("msg_abc", output[0].GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(("output_text", "Looking it up."), (output[0].GetProperty("content")[0].GetProperty("type").GetString(), output[0].GetProperty("content")[0].GetProperty("text").GetString()));
        Assert.Equal(("function_call", "call_9", "lookup", "{\"q\":\"x\"}"), (output[1].GetProperty("type").GetString(), output[1].GetProperty("call_id").GetString(),
            output[1].GetProperty("name").GetString(), output[1].GetProperty("arguments").GetString()));
        Assert.StartsWith("fc_abc", output[1].GetProperty("id").GetString(), StringComparison.Ordinal);
        var usage = response.GetProperty("usage");
        Assert.Equal((12, 7, 19), (usage.GetProperty("input_tokens").GetInt32(), usage.GetProperty("output_tokens").GetInt32(), usage.GetProperty("total_tokens").GetInt32()));
        Assert.Equal("v", response.GetProperty("metadata").GetProperty("k").GetString());
    }

    [Fact]
    public async Task AChatStreamBecomesTheResponsesEventSequenceNumberedFromZero()
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
        var translator = new ResponsesStreamTranslator(new ResponseDraft("resp_s", 1), Request, estimatedInputTokens: 100);
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
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added", "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done", "response.output_item.added", "response.function_call_arguments.delta",
                "response.function_call_arguments.delta", "response.function_call_arguments.done", "response.output_item.done", "response.completed"],
            events.Select(e => e.Name));
        Assert.All(events, e => Assert.Equal(e.Name, e.Data.GetProperty("type").GetString()));
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e.Data.GetProperty("sequence_number").GetInt32()));
        Assert.Equal("in_progress", events[0].Data.GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("Hello", events[6].Data.GetProperty("text").GetString());
        Assert.Equal(1, events[9].Data.GetProperty("output_index").GetInt32());
        Assert.Equal(("call-1", "lookup"), (events[9].Data.GetProperty("item").GetProperty("call_id").GetString(), events[9].Data.GetProperty("item").GetProperty("name").GetString()));
        Assert.Equal("{\"q\":\"x\"}", events[12].Data.GetProperty("arguments").GetString());
        var completed = events[^1].Data.GetProperty("response");
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal((9, 5), (completed.GetProperty("usage").GetProperty("input_tokens").GetInt32(), completed.GetProperty("usage").GetProperty("output_tokens").GetInt32()));
        Assert.Equal(2, completed.GetProperty("output").GetArrayLength());
        // What the client was told is what would be stored.
        Assert.Equal(completed.GetRawText(), Encoding.UTF8.GetString(ResponseWriter.ToBytes(translator.Draft, Request)));
    }
}

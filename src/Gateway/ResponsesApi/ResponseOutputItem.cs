using System.Text;

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>One item of a response's <c>output</c> as it is built: an assistant message's text, or a function call.</summary>
public sealed class ResponseOutputItem
{
    private ResponseOutputItem(string id, string? callId, string? name)
    {
        Id = id;
        CallId = callId;
        Name = name;
    }

    /// <summary>The item's id (<c>msg_…</c>, <c>fc_…</c>).</summary>
    public string Id { get; }

    /// <summary>A function call's <c>call_id</c> (the engine's tool call id); null for a message.</summary>
    public string? CallId { get; }

    /// <summary>A function call's name; null for a message.</summary>
    public string? Name { get; }

    /// <summary>Whether it is a function call (else an assistant message with one <c>output_text</c> part).</summary>
    public bool IsFunctionCall => CallId is not null;

    /// <summary>The message's text, or the call's arguments (a JSON text).</summary>
    public StringBuilder Text { get; } = new();

    /// <summary>An assistant message.</summary>
    public static ResponseOutputItem Message(string id) => new(id, null, null);

    /// <summary>A function call.</summary>
    public static ResponseOutputItem FunctionCall(string id, string callId, string name) => new(id, callId, name);
}

namespace GatoLink.Gateway.ResponsesApi;

/// <summary>A response as its answer comes in: its output items, how it ended and its usage.</summary>
public sealed class ResponseDraft
{
    /// <summary>Creates the draft of response <paramref name="id"/>, created at <paramref name="createdAt"/> (unix seconds).</summary>
    public ResponseDraft(string id, long createdAt)
    {
        Id = id;
        CreatedAt = createdAt;
    }

    /// <summary>The response id (<c>resp_…</c>).</summary>
    public string Id { get; }

    /// <summary>Unix seconds.</summary>
    public long CreatedAt { get; }

    /// <summary>The output items so far.</summary>
    public List<ResponseOutputItem> Output { get; } = [];

    /// <summary>Set when the engine stopped at the output limit (<c>finish_reason: length</c>): the response is <c>incomplete</c>.</summary>
    public bool HitOutputLimit { get; set; }

    /// <summary>Input tokens (the engine's count, else the gateway's estimate).</summary>
    public long InputTokens { get; set; }

    /// <summary>Output tokens.</summary>
    public long OutputTokens { get; set; }

    /// <summary>The id of output item <paramref name="index"/> of kind <paramref name="prefix"/> (<c>msg</c>, <c>fc</c>).</summary>
    public string ItemId(string prefix, int index) => $"{prefix}_{Id["resp_".Length..]}{index:D2}";
}

using GatoLink.Gateway.Cache;
using GatoLink.Gateway.OpenAi;
using GatoLink.Grains.Abstractions.Quotas;
using GatoLink.PerSilo.Placement;
using GatoLink.PerSilo.Models;
using GatoLink.PerSilo.Keys;

namespace GatoLink.Gateway.Proxy;

/// <summary>Everything one admitted request carries from attempt to attempt.</summary>
public sealed class InferenceCall
{
    /// <summary>Creates the call.</summary>
    public InferenceCall(string requestId, InferenceKind kind, ApiKeyEntry key, ModelRoute model, ParsedRequest request, ReadOnlyMemory<byte> upstreamBody, PlacementRequest placement, long startedAt)
    {
        RequestId = requestId;
        Kind = kind;
        Key = key;
        Model = model;
        Request = request;
        UpstreamBody = upstreamBody;
        Placement = placement;
        StartedAt = startedAt;
    }

    /// <summary>Id of the client request, shared by its attempts.</summary>
    public string RequestId { get; }

    /// <summary>Endpoint kind.</summary>
    public InferenceKind Kind { get; }

    /// <summary>The caller's key.</summary>
    public ApiKeyEntry Key { get; }

    /// <summary>The resolved model.</summary>
    public ModelRoute Model { get; }

    /// <summary>Parsed fields of the client's body.</summary>
    public ParsedRequest Request { get; }

    /// <summary>The body sent to nodes.</summary>
    public ReadOnlyMemory<byte> UpstreamBody { get; }

    /// <summary>What placement sees.</summary>
    public PlacementRequest Placement { get; }

    /// <summary>Attribution tags every attempt's usage event carries; null when none.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>What the response cache did with the request: a hit's answer, or the key a miss's answer is stored under.</summary>
    public CacheLookup Cache { get; init; } = CacheLookup.Off;

    /// <summary>The protocol the client speaks: how the node's answer and errors are written back to it.</summary>
    public ClientDialect Dialect { get; init; } = ClientDialect.OpenAi;

    /// <summary>Timestamp (TimeProvider) when the request arrived.</summary>
    public long StartedAt { get; }

    /// <summary>Prompt tokens billed over all attempts so far.</summary>
    public long PromptTokens => Billed.Sum(p => p.PromptTokens);

    /// <summary>Completion tokens billed over all attempts so far.</summary>
    public long CompletionTokens => Billed.Sum(p => p.CompletionTokens);

    /// <summary>Cost billed over all attempts so far.</summary>
    public long CostMicros => Billed.Sum(p => p.CostMicros);

    /// <summary>The usage of each attempt billed so far, with its event's timestamp: what the reservation settles with.</summary>
    public List<UsagePart> Billed { get; } = new(1);

    /// <summary>Whether it waited in its model's queue (every node was saturated): the queue is told what it really used.</summary>
    public bool Queued { get; set; }

    /// <summary>Time spent in attempts on nodes (the rest is the gateway's own overhead).</summary>
    public TimeSpan UpstreamTime { get; set; }

    /// <summary>Node ids already tried.</summary>
    public List<string> Tried { get; } = new(2);

    /// <summary>Path on the node for this kind, relative so that a base URL with a path prefix keeps it.</summary>
    public string UpstreamPath => Kind switch
    {
        InferenceKind.Chat => "v1/chat/completions",
        InferenceKind.Completion => "v1/completions",
        _ => "v1/embeddings",
    };
}

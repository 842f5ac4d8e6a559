using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;

namespace GatoLink.Integration.Tests.Cluster;

/// <summary>
/// An OpenAI SDK pipeline policy that hands the caller the <c>x-request-id</c> of its response, streaming included (a
/// streamed result does not expose its raw response): the caller opens a <see cref="Scope"/>, the policy fills it in
/// the same async flow.
/// </summary>
public sealed class RequestIdCapture : PipelinePolicy
{
    private static readonly AsyncLocal<StrongBox<string?>?> Current = new();

    /// <summary>A box the next request in this async flow writes its request id into.</summary>
    public static StrongBox<string?> Scope()
    {
        var box = new StrongBox<string?>();
        Current.Value = box;
        return box;
    }

    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        ProcessNext(message, pipeline, currentIndex);
        Capture(message);
    }

    /// <inheritdoc />
    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        await ProcessNextAsync(message, pipeline, currentIndex);
        Capture(message);
    }

    private static void Capture(PipelineMessage message)
    {
        if (Current.Value is { } box && message.Response is { } response && response.Headers.TryGetValue("x-request-id", out var id))
        {
            box.Value = id;
        }
    }
}

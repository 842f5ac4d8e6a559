using GatoLink.Grains.Abstractions.Models;
using Microsoft.Extensions.Logging;

namespace GatoLink.PerSilo.Placement;

/// <summary>This silo's way to the models' cluster-wide wait queues (<see cref="IModelGrain"/>).</summary>
public sealed partial class ModelQueues
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<ModelQueues> _logger;

    /// <summary>Creates the accessor; <paramref name="silo"/> names this silo to the queues (absent outside a silo).</summary>
    public ModelQueues(IGrainFactory grains, ILogger<ModelQueues> logger, ILocalSiloDetails? silo = null)
    {
        _grains = grains;
        _logger = logger;
        LocalSilo = silo?.SiloAddress;
    }

    /// <summary>This silo, as its tickets name it: if it dies, the queues drop its tickets instead of waiting for them.</summary>
    public SiloAddress? LocalSilo { get; }

    /// <summary>The queue of a model (canonical name).</summary>
    public IModelGrain For(string model) => _grains.GetGrain<IModelGrain>(model);

    /// <summary>Leaves a queue without holding the caller; a lost leave is reclaimed by the grain after the maximum wait.</summary>
    public async Task LeaveAsync(IModelGrain queue, Guid ticket)
    {
        ArgumentNullException.ThrowIfNull(queue);
        try
        {
            await queue.Leave(ticket);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogLeaveFailed(_logger, ex, queue.GetPrimaryKeyString(), ticket);
        }
    }

    /// <summary>
    /// Tells a model's queue what a request that waited in it really used, so that its tenant's share is counted in real
    /// GPU work; after the response, never holding the client. A lost correction leaves the estimate counted.
    /// </summary>
    public async Task ServedAsync(string model, QueueClaim claim, long actualWork)
    {
        ArgumentNullException.ThrowIfNull(claim);
        try
        {
            await For(model).Served(claim.TenantId, claim.Work, actualWork);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogServedFailed(_logger, ex, model, claim.TenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Telling the wait queue of {Model} what tenant {TenantId}'s request used failed; its estimate stays counted")]
    private static partial void LogServedFailed(ILogger logger, Exception exception, string model, Guid tenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leaving the wait queue of {Model} failed for ticket {Ticket}; the grain takes the turn back after the maximum wait")]
    private static partial void LogLeaveFailed(ILogger logger, Exception exception, string model, Guid ticket);
}

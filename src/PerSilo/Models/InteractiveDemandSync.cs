using GatoLink.Grains.Abstractions.Models;
using GatoLink.Grains.Placement;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GatoLink.PerSilo.Models;

/// <summary>
/// Once a second, tells each model's demand grain (<see cref="IModelDemandGrain"/>) this silo's interactive demand and
/// hands the cluster's sum to the model's route, which sizes the batch headroom from it: chats spread over several silos
/// keep the slots their whole demand needs, and a silo that only serves batch work leaves them too. One grain call per
/// model per second, off the request path; only with PlacementOptions.ShareInteractiveDemand, in the fair order with a reserve target.
/// </summary>
public sealed partial class InteractiveDemandSync : BackgroundService
{
    /// <summary>How often each model's demand is exchanged.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ModelDirectory _models;
    private readonly IGrainFactory _grains;
    private readonly PlacementOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InteractiveDemandSync> _logger;
    private readonly string _silo;

    /// <summary>Creates the sync; <paramref name="silo"/> names this silo to the demand grains (a fresh name outside a silo).</summary>
    public InteractiveDemandSync(ModelDirectory models, IGrainFactory grains, PlacementOptions options, TimeProvider time, ILogger<InteractiveDemandSync> logger, ILocalSiloDetails? silo = null)
    {
        _models = models;
        _grains = grains;
        _options = options;
        _time = time;
        _logger = logger;
        _silo = silo?.SiloAddress.ToParsableString() ?? Guid.NewGuid().ToString("N");
    }

    /// <summary>Exchanges every model's demand once.</summary>
    public async Task SyncOnceAsync(CancellationToken ct)
    {
        if (!_options.ShareInteractiveDemand || _options.QueueOrder != QueueOrder.Fair || _options.InteractiveReserveTarget <= 0 || _options.InteractiveHeadroom <= 0)
        {
            return;
        }

        foreach (var route in _models.All)
        {
            try
            {
                var sum = await _grains.GetGrain<IModelDemandGrain>(route.Name).Report(_silo, route.Interactive.ReportableDemand).WaitAsync(Interval, _time, ct);
                route.Interactive.ReportClusterDemand(sum);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // This second's exchange is lost; the route falls back to its own demand once the last sum is stale.
                LogExchangeFailed(_logger, route.Name, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            do
            {
                await SyncOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The interactive demand of model {Model} was not exchanged with the cluster this second: {Reason}")]
    private static partial void LogExchangeFailed(ILogger logger, string model, string reason);
}

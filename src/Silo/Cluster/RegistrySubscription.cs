using System.Data.Common;
using GatoLink.Grains.Abstractions.Registry;
using GatoLink.Grains.Registry;
using GatoLink.PerSilo.Control;

namespace GatoLink.Silo.Cluster;

/// <summary>
/// This silo's subscription to registry changes: each change re-reads one entry from storage (no polling). The
/// subscription is renewed every few seconds; when the registry grain answers with a new incarnation (its silo died
/// and it re-activated elsewhere), changes published meanwhile may have been missed, so everything is re-read once.
/// </summary>
public sealed partial class RegistrySubscription : BackgroundService, IRegistryObserver
{
    private readonly IGrainFactory _grains;
    private readonly ControlPlane _control;
    private readonly TimeProvider _time;
    private readonly ILogger<RegistrySubscription> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private IRegistryObserver? _reference;

    /// <summary>Creates the subscription.</summary>
    public RegistrySubscription(IGrainFactory grains, ControlPlane control, TimeProvider time, ILogger<RegistrySubscription> logger)
    {
        _grains = grains;
        _control = control;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task OnChanged(RegistryChange change)
    {
        _ = ApplyAsync(change);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _reference = _grains.CreateObjectReference<IRegistryObserver>(this);
        var registry = _grains.GetGrain<IRegistryGrain>(0);
        Guid? incarnation = null;
        using var timer = new PeriodicTimer(RegistryTiming.RenewEvery, _time);
        do
        {
            try
            {
                var current = await registry.Subscribe(_reference).WaitAsync(RegistryTiming.RenewEvery, _time, stoppingToken);
                if (current != incarnation)
                {
                    // First subscription, or a new registry activation that may have missed changes: read everything.
                    await _control.LoadAsync(stoppingToken);
                    incarnation = current;
                }
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or DbException)
            {
                LogRenewFailed(_logger, ex);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_reference is not null)
        {
            try
            {
                await _grains.GetGrain<IRegistryGrain>(0).Unsubscribe(_reference).WaitAsync(TimeSpan.FromSeconds(2), _time, cancellationToken);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or OperationCanceledException or ObjectDisposedException)
            {
                // The subscription expires on its own. ObjectDisposedException: the grain runtime's services were already
                // disposed when the host stopped this service (seen in CI tearing test silos down); stopping must not fail.
                LogRenewFailed(_logger, ex);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _stopping.Dispose();
        base.Dispose();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ApplyAsync(RegistryChange change)
    {
        try
        {
            await _control.ApplyAsync(change, _stopping.Token);
        }
        catch (Exception ex) when (ex is DbException or OperationCanceledException)
        {
            // Storage is away: this silo serves what it knows; the entry is re-read with the next change or failover.
            LogApplyFailed(_logger, ex, change.Entity, change.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the registry subscription failed; retrying")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Applying a registry change of {Entity} {Id} failed")]
    private static partial void LogApplyFailed(ILogger logger, Exception exception, RegistryEntity entity, string id);
}

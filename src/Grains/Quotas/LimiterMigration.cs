using GatoLink.Grains.Abstractions.Quotas;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// How a key or tenant grain moves with its <see cref="ScopeLimiter"/> (Orleans live grain migration): it registers in
/// <see cref="LocalLimiters"/> so that a draining silo can ask it to move, saves the limiter for the next activation,
/// and moves rather than lose its counters when Orleans deactivates it because its directory entry's silo left.
/// One per activation, owned by the grain.
/// </summary>
public sealed partial class LimiterMigration
{
    private const string LimiterKey = "gatolink.limiter";

    private readonly LocalLimiters _local;
    private readonly ILogger _logger;
    private LocalLimiter? _entry;
    private LimiterSnapshot? _handedOver;

    /// <summary>Created with its grain.</summary>
    public LimiterMigration(LocalLimiters local, ILogger logger)
    {
        _local = local;
        _logger = logger;
    }

    /// <summary>Moves <paramref name="grain"/> to <paramref name="target"/> once it is idle.</summary>
    public static void MoveTo(IGrainBase grain, SiloAddress target)
    {
        ArgumentNullException.ThrowIfNull(grain);
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        grain.MigrateOnIdle();
    }

    /// <summary>
    /// The limiter the previous activation handed over (once; null when this activation did not come from a migration):
    /// the activation then goes on from it rather than from the ledger.
    /// </summary>
    public LimiterSnapshot? TakeHandedOver()
    {
        var saved = _handedOver;
        _handedOver = null;
        return saved;
    }

    /// <summary>The activation is ready: it can be asked to move from now on.</summary>
    public void Activated(GrainId id, ILimitedGrain self) => _entry = _local.Enter(id, self);

    /// <summary>
    /// The activation deactivates. When Orleans deactivates it because the silo that held its directory entry left (the
    /// registration is gone), it moves with its counters instead of leaving the next activation to a lagging ledger.
    /// </summary>
    public void Deactivating(IGrainBase grain, DeactivationReason reason, ScopeLimiter? limiter)
    {
        ArgumentNullException.ThrowIfNull(grain);
        LogDeactivating(_logger, grain.GrainContext.GrainId, reason.ReasonCode, reason.Description, limiter?.OpenReservations ?? 0);
        var migrating = reason.ReasonCode == DeactivationReasonCode.Migrating;
        if (reason.ReasonCode == DeactivationReasonCode.DirectoryFailure && _entry is not null && _local.NextTarget() is { } target)
        {
            LogMovingAfterDirectoryFailure(_logger, grain.GrainContext.GrainId, target);
            MoveTo(grain, target);
            migrating = true;
        }

        if (_entry is { } entry)
        {
            _local.Leave(entry);
            if (!migrating)
            {
                entry.DeactivatedWithoutHandOff();
            }
        }
    }

    /// <summary>Saves <paramref name="limiter"/> for the next activation.</summary>
    public void Dehydrate(IDehydrationContext context, ScopeLimiter? limiter)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_entry is null || limiter is null)
        {
            // The activation never finished activating: there is nothing to hand over.
            return;
        }

        context.TryAddValue(LimiterKey, limiter.Save());
        _entry.Dehydrated();
    }

    /// <summary>Keeps what the previous activation saved, for <see cref="TakeHandedOver"/>.</summary>
    public void Rehydrate(IRehydrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TryGetValue(LimiterKey, out LimiterSnapshot? saved))
        {
            _handedOver = saved;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{GrainId} deactivates ({Reason}: {Description}) with {Open} open reservations")]
    private static partial void LogDeactivating(ILogger logger, GrainId grainId, DeactivationReasonCode reason, string description, int open);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{GrainId} lost its directory registration; moving with its counters to {Target}")]
    private static partial void LogMovingAfterDirectoryFailure(ILogger logger, GrainId grainId, SiloAddress target);
}

using System.Data.Common;
using GatoLink.Grains.Abstractions.Keys;
using GatoLink.Grains.Billing;
using Microsoft.Extensions.Logging;

namespace GatoLink.Grains.Quotas;

/// <summary>
/// A key's or tenant's grain's budgets rebuilt from the ledger (<see cref="LedgerSeed"/>): the first read at once, then
/// a grain timer that completes the seed once this silo's view of the cluster's ledger mark (<see cref="ILedgerWatermark"/>)
/// has passed the seed's moment — usually about a second later. Until then the grain admits on the first read, which
/// may miss usage still on its way to the ledger.
/// </summary>
public sealed partial class LedgerSeeding : IDisposable
{
    /// <summary>How often the mark is looked at: a field read, no call.</summary>
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a seed may wait before the wait is logged (once): the ledger is behind, or a silo does not report.</summary>
    public static readonly TimeSpan SlowAfter = TimeSpan.FromMinutes(1);

    private readonly IGrainBase _grain;
    private readonly ILedgerBalances _ledger;
    private readonly ILedgerWatermark? _watermark;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Guid _tenantId;
    private readonly Guid? _keyId;
    private LedgerSeed? _seed;
    private IGrainTimer? _timer;
    private long _startedAt;
    private bool _reportedSlow;

    /// <summary>
    /// Seeding for <paramref name="grain"/>: the key <paramref name="keyId"/> of tenant <paramref name="tenantId"/>, or
    /// the tenant when <paramref name="keyId"/> is null. Without <paramref name="watermark"/> (a silo without the usage
    /// stream) the first read is final.
    /// </summary>
    public LedgerSeeding(IGrainBase grain, ILedgerBalances ledger, ILedgerWatermark? watermark, TimeProvider time, ILogger logger, Guid tenantId, Guid? keyId)
    {
        _grain = grain;
        _ledger = ledger;
        _watermark = watermark;
        _time = time;
        _logger = logger;
        _tenantId = tenantId;
        _keyId = keyId;
    }

    /// <summary>
    /// Seeds <paramref name="limiter"/>'s budgets from the ledger as of now (replacing a seed still completing) and
    /// starts completing it. Throws the ledger's <see cref="DbException"/> when the first read fails.
    /// </summary>
    public async Task SeedAsync(ILedgerSeeded limiter, CancellationToken ct)
    {
        Dispose();
        var seed = await LedgerSeed.StartAsync(limiter, _ledger, _tenantId, _keyId, _time.GetUtcNow(), ct);
        // A final seed is not kept: every active key's grain would carry it for nothing.
        _seed = seed.Complete ? null : seed;
        if (!seed.Complete && _watermark is not null)
        {
            _startedAt = _time.GetTimestamp();
            _reportedSlow = false;
            _timer = _grain.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(Period, Period));
        }
    }

    /// <summary>
    /// Applies new limits to <paramref name="limiter"/> (counts of the current windows carry over); a scope that had no
    /// budget and gets one is seeded, so it starts from what it spent so far rather than from zero (a rate limit set
    /// now starts full).
    /// </summary>
    public async Task ApplyAsync(ScopeLimiter limiter, Limits limits)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        var hadBudgets = limiter.HasBudgets;
        limiter.Apply(limits);
        if (!hadBudgets && limiter.HasBudgets)
        {
            await SeedAsync(limiter, CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private async Task TickAsync(CancellationToken ct)
    {
        if (_seed is not { Complete: false } seed)
        {
            Dispose();
            return;
        }

        if (!seed.CanComplete(_watermark!.BilledBefore))
        {
            if (!_reportedSlow && _time.GetElapsedTime(_startedAt) >= SlowAfter)
            {
                _reportedSlow = true;
                LogSlow(_logger, _keyId ?? _tenantId, seed.From, _watermark.BilledBefore);
            }

            return;
        }

        try
        {
            await seed.CompleteAsync(ct);
            LogCompleted(_logger, _keyId ?? _tenantId, _time.GetElapsedTime(_startedAt).TotalMilliseconds);
            if (ReferenceEquals(seed, _seed))
            {
                _seed = null;
                Dispose();
            }
        }
        catch (DbException ex)
        {
            // The budgets stay on the first read; the next tick reads again.
            LogFailed(_logger, ex, _keyId ?? _tenantId);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Budgets of {Scope} rebuilt from a complete ledger after {Ms} ms")]
    private static partial void LogCompleted(ILogger logger, Guid scope, double ms);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Budgets of {Scope} still wait for the ledger to hold everything before {From:O} (cluster mark {Mark:O}): a silo's usage is not billed yet")]
    private static partial void LogSlow(ILogger logger, Guid scope, DateTimeOffset from, DateTimeOffset? mark);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Budgets of {Scope} could not be read from the ledger; retrying")]
    private static partial void LogFailed(ILogger logger, Exception exception, Guid scope);
}

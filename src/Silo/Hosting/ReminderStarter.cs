namespace GatoLink.Silo.Hosting;

/// <summary>
/// Makes sure a cluster-wide reminder exists once this silo has joined, by calling its grain's <c>Start</c> (which
/// registers the reminder idempotently): the ledger's maintenance, invoice finalization.
/// </summary>
public sealed partial class ReminderStarter : BackgroundService
{
    private readonly string _what;
    private readonly Func<IGrainFactory, Task> _start;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _time;
    private readonly ILogger<ReminderStarter> _logger;

    /// <summary>A starter of <paramref name="what"/> by <paramref name="start"/>.</summary>
    public ReminderStarter(string what, Func<IGrainFactory, Task> start, IGrainFactory grains, TimeProvider time, ILogger<ReminderStarter> logger)
    {
        _what = what;
        _start = start;
        _grains = grains;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registers a starter of <paramref name="what"/>.</summary>
    public static void Add(IServiceCollection services, string what, Func<IGrainFactory, Task> start) =>
        services.AddHostedService(sp => new ReminderStarter(what, start, sp.GetRequiredService<IGrainFactory>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ReminderStarter>>()));

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Retried until it takes: the reminder service may still be starting, or the database be away for a while.
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _start(_grains).WaitAsync(TimeSpan.FromSeconds(30), _time, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                LogStartFailed(_logger, ex, _what);
            }

            await Task.Delay(delay, _time, stoppingToken);
            delay = TimeSpan.FromSeconds(Math.Min(60, delay.TotalSeconds * 2));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Registering the {What} reminder failed; retrying")]
    private static partial void LogStartFailed(ILogger logger, Exception exception, string what);
}

using GatoLink.Grains.Abstractions.Storage;
using GatoLink.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Storage;

/// <summary>
/// Applies the migrations before anything else starts: Orleans' ADO.NET clustering and reminders read tables these
/// migrations create, so this service is registered ahead of the Orleans silo.
/// </summary>
public sealed class MigrationService : IHostedService
{
    private readonly IStorageProvider _storage;
    private readonly SiloOptions _options;

    /// <summary>Creates the service.</summary>
    public MigrationService(IStorageProvider storage, IOptions<SiloOptions> options)
    {
        _storage = storage;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DataDirectory);
        await _storage.MigrateAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

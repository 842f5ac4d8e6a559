using GatoLink.Integration.Tests.Infrastructure;
using GatoLink.Silo.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace GatoLink.Integration.Tests.Ledger;

/// <summary>
/// A real silo (the shared <see cref="SiloHarness"/>) with the ledger's retry backoff shortened, so that
/// tests that stop PostgreSQL see the writer catch up quickly once it is back.
/// </summary>
internal sealed class LedgerSilo : IAsyncDisposable
{
    private readonly SiloHarness _silo;

    private LedgerSilo(SiloHarness silo) => _silo = silo;

    public Uri BaseUrl => _silo.BaseUrl;

    public HttpClient Admin => _silo.Admin;

    public IServiceProvider Services => _silo.Services;

    public UsageForwarder Billing => Services.GetRequiredService<UsageForwarder>();

    public static LedgerSilo Start(string? postgres, IReadOnlyList<Uri> nodes, IReadOnlyDictionary<string, string?>? extra = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["GatoLink:Ledger:MinBackoff"] = "00:00:00.050",
            ["GatoLink:Ledger:MaxBackoff"] = "00:00:00.500",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[name] = value;
        }

        return new LedgerSilo(SiloHarness.Start(nodes, settings, postgres, configureServices: configureServices));
    }

    public HttpClient Http(string key) => _silo.Http(key);

    public ValueTask DisposeAsync() => _silo.DisposeAsync();
}

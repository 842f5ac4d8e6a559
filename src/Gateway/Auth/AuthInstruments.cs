using System.Diagnostics.Metrics;
using System.Text.Json;
using GatoLink.Grains.Telemetry;
using GatoLink.PerSilo.Telemetry;

namespace GatoLink.Gateway.Auth;

/// <summary>Failed authentication, counted by <see cref="AuthFailure"/> (never by key or address: both unbounded).</summary>
public sealed class AuthInstruments
{
    private static readonly string[] Labels = Enum.GetValues<AuthFailure>().Select(r => JsonNamingPolicy.SnakeCaseLower.ConvertName(r.ToString())).ToArray();

    private readonly Counter<long> _failures;

    /// <summary>Creates the counter on the GatoLink meter.</summary>
    public AuthInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _failures = meterFactory.Create(MetricNames.MeterName).CreateCounter<long>(
            MetricNames.GatewayAuthFailures, MetricNames.UnitFailures, "Presented API keys refused, or not looked up because the client address failed too often, by reason.");
    }

    /// <summary>One failure.</summary>
    public void Failed(AuthFailure reason) => _failures.Add(1, new KeyValuePair<string, object?>(MetricTags.Reason, Labels[(int)reason]));
}

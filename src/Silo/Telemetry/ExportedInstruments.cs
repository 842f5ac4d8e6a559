using System.Collections.Frozen;
using System.Diagnostics.Metrics;
using GatoLink.Grains.Telemetry;

namespace GatoLink.Silo.Telemetry;

/// <summary>
/// Which instruments <c>/metrics</c> exports: every GatoLink one, and from Orleans, ASP.NET Core, HttpClient and
/// Npgsql only the families an operator of this grid reads. Orleans alone publishes over a hundred instruments
/// (directory, ring, block pools…); taking them all would cost series and scrape time for nothing. Every label
/// these carry is bounded (grain type, route template, node address, pool name, status).
/// </summary>
public static class ExportedInstruments
{
    /// <summary>Orleans' meter.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>ASP.NET Core's server meter.</summary>
    public const string AspNetCoreMeter = "Microsoft.AspNetCore.Hosting";

    /// <summary>HttpClient's meter (the calls to the nodes).</summary>
    public const string HttpClientMeter = "System.Net.Http";

    /// <summary>Npgsql's meter (PostgreSQL; a cluster only).</summary>
    public const string NpgsqlMeter = "Npgsql";

    private static readonly FrozenDictionary<string, FrozenSet<string>> Selected = new Dictionary<string, FrozenSet<string>>
    {
        [OrleansMeter] = FrozenSet.ToFrozenSet(
        [
            // Activations per grain type, and how they come and go.
            "orleans-catalog-activations",
            "orleans-catalog-activation-working-set",
            "orleans-catalog-activation-created",
            "orleans-catalog-activation-destroyed",
            "orleans-catalog-activation-failed-to-activate",
            // Grain calls: latency, time-outs, cancellations.
            "orleans-app-requests-latency",
            "orleans-app-requests-timedout",
            "orleans-app-requests-canceled",
            // Messaging between silos: failures, drops, rejections, expiry.
            "orleans-messaging-sent-failed",
            "orleans-messaging-sent-dropped",
            "orleans-messaging-rejected",
            "orleans-messaging-expired",
            // Scheduler and liveness.
            "orleans-scheduler-long-running-turns",
            "orleans-watchdog-health-checks-failed",
            "orleans-messaging-pings-reply-missed",
            // Reminders and streams (partition maintenance, the usage stream).
            "orleans-reminders-tardiness",
            "orleans-reminders-active",
            "orleans-streams-queue-oldest-message-enqueue-age",
            "orleans-streams-queue-read-failures",
            "orleans-streams-persistent-stream-messages-read",
            "orleans-streams-persistent-stream-messages-sent",
        ], StringComparer.Ordinal),
        [AspNetCoreMeter] = FrozenSet.ToFrozenSet(["http.server.request.duration", "http.server.active_requests"], StringComparer.Ordinal),
        [HttpClientMeter] = FrozenSet.ToFrozenSet(["http.client.request.duration", "http.client.active_requests", "http.client.open_connections"], StringComparer.Ordinal),
        [NpgsqlMeter] = FrozenSet.ToFrozenSet(
        [
            // Not db.client.connection.count: the adapter would export it as a gauge named …_count, which Prometheus
            // reserves for histograms and summaries (promtool refuses it). Pending requests and the pool's max tell an
            // operator the pool is exhausted.
            "db.client.operation.duration",
            "db.client.connection.max",
            "db.client.connection.npgsql.pending_requests",
            "db.client.connection.npgsql.timeouts",
        ], StringComparer.Ordinal),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// True when <paramref name="instrument"/> is exported by the host whose meters come from
    /// <paramref name="meterFactory"/>. Meters a host creates through its factory (GatoLink, Orleans, ASP.NET Core)
    /// are taken from that host only, so two silos in one process (tests) each export their own; HttpClient and
    /// Npgsql meters are process-wide. ASP.NET Core's and HttpClient's only with <paramref name="httpMetrics"/>
    /// (<see cref="TelemetryOptions.HttpMetrics"/>).
    /// </summary>
    public static bool Includes(Instrument instrument, IMeterFactory meterFactory, bool httpMetrics = false)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var meter = instrument.Meter;
        if (!httpMetrics && meter.Name is AspNetCoreMeter or HttpClientMeter)
        {
            return false;
        }

        var ours = ReferenceEquals(meter.Scope, meterFactory);
        if (meter.Name == MetricNames.MeterName)
        {
            return ours;
        }

        if (!Selected.TryGetValue(meter.Name, out var names) || !names.Contains(instrument.Name))
        {
            return false;
        }

        return ours || meter.Scope is null;
    }
}

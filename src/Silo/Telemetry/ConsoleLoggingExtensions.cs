using Microsoft.Extensions.Logging.Console;

namespace GatoLink.Silo.Telemetry;

/// <summary>Which console formatter the silo logs with.</summary>
public static class ConsoleLoggingExtensions
{
    /// <summary>The setting that names the formatter (<c>json</c>, <c>simple</c>, <c>systemd</c>).</summary>
    public const string FormatterSetting = "Logging:Console:FormatterName";

    /// <summary>
    /// A configured <c>Logging:Console:FormatterName</c> wins. Otherwise the embedded silo (no PostgreSQL) writing
    /// to a terminal logs human-readable single lines, and everything else — a cluster member, output redirected to
    /// a file or a log collector — logs one JSON object per line. Also quiets Orleans' false watchdog alarm at start
    /// (<see cref="WatchdogStartupFilter"/>).
    /// </summary>
    public static WebApplicationBuilder AddGatoLinkConsoleLogging(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        WatchdogStartupFilter.AddWatchdogStartupFilter(builder);
        if (!string.IsNullOrWhiteSpace(builder.Configuration[FormatterSetting]))
        {
            return builder;
        }

        var embedded = string.IsNullOrWhiteSpace(builder.Configuration[$"{Hosting.SiloOptions.Section}:Postgres"]);
        if (ChooseHumanReadable(embedded, Console.IsOutputRedirected))
        {
            builder.Logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.IncludeScopes = false;
                options.TimestampFormat = "HH:mm:ss ";
                options.UseUtcTimestamp = false;
            });
        }
        else
        {
            builder.Logging.AddJsonConsole();
        }

        return builder;
    }

    /// <summary>Human-readable lines only for the embedded silo on a terminal.</summary>
    internal static bool ChooseHumanReadable(bool embedded, bool outputRedirected) => embedded && !outputRedirected;
}

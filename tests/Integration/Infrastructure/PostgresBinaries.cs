namespace GatoLink.Integration.Tests.Infrastructure;

/// <summary>
/// Where PostgreSQL's server programs (initdb, pg_ctl) are, whatever the version: <c>GATOLINK_PG_BIN</c>, else the
/// newest <c>/usr/lib/postgresql/N/bin</c> (Debian and Ubuntu: 15 on Debian 12, 17 on Debian 13), else the directory of
/// an <c>initdb</c> on PATH (other distributions).
/// </summary>
public static class PostgresBinaries
{
    /// <summary>The variable that names the directory outright.</summary>
    public const string Variable = "GATOLINK_PG_BIN";

    /// <summary>The directory, or null when no initdb is found.</summary>
    public static string? Find() =>
        Find(Environment.GetEnvironmentVariable(Variable), "/usr/lib/postgresql", Environment.GetEnvironmentVariable("PATH") ?? "");

    /// <summary>The directory, from an explicit setting, a Debian-style root of versions, or PATH.</summary>
    public static string? Find(string? setting, string versionsRoot, string path)
    {
        if (!string.IsNullOrEmpty(setting))
        {
            return setting;
        }

        if (Directory.Exists(versionsRoot))
        {
            var newest = Directory.GetDirectories(versionsRoot)
                .Select(dir => (Dir: dir, Version: decimal.TryParse(Path.GetFileName(dir), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1))
                .Where(candidate => candidate.Version >= 0 && File.Exists(Path.Combine(candidate.Dir, "bin", "initdb")))
                .OrderByDescending(candidate => candidate.Version)
                .Select(candidate => Path.Combine(candidate.Dir, "bin"))
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }
        }

        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")));
    }
}

using System.Globalization;
using System.Reflection;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Storage.Migrations;

/// <summary>The embedded <c>Storage/Migrations/{Sqlite|Postgres}/NNNN_name.sql</c> files, in version order.</summary>
public static class MigrationCatalog
{
    /// <summary>Every script of the provider, lowest version first; throws on a malformed name or a repeated version.</summary>
    public static IReadOnlyList<MigrationScript> Load(StorageKind kind)
    {
        var folder = kind switch
        {
            StorageKind.Sqlite => "Sqlite",
            StorageKind.PostgreSql => "Postgres",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
        };
        var assembly = typeof(MigrationCatalog).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{folder}.";
        var scripts = assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith(prefix, StringComparison.Ordinal) && r.EndsWith(".sql", StringComparison.Ordinal))
            .Select(r => Read(assembly, r, r[prefix.Length..^".sql".Length]))
            .OrderBy(s => s.Version)
            .ToList();

        var repeated = scripts.GroupBy(s => s.Version).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new InvalidOperationException($"Two {folder} migrations share version {repeated.Key}.");
        }

        return scripts;
    }

    private static MigrationScript Read(Assembly assembly, string resource, string fileName)
    {
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0 || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Migration '{resource}' is not named NNNN_name.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Migration '{resource}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new MigrationScript(version, fileName[(underscore + 1)..], reader.ReadToEnd());
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatoLink.Silo.Bootstrap;

/// <summary>
/// The bootstrap secrets of an embedded install, kept in the data directory (mode 600) so that
/// every start can print them. Storage itself only ever holds their hashes.
/// </summary>
public sealed class BootstrapSecrets
{
    /// <summary>The admin key, unless it came from the environment.</summary>
    [JsonPropertyName("admin_key")]
    public string? AdminKey { get; set; }

    /// <summary>The demo tenant's user key.</summary>
    [JsonPropertyName("demo_key")]
    public string? DemoKey { get; set; }

    /// <summary>Reads the file, or an empty set when there is none.</summary>
    public static async Task<BootstrapSecrets> LoadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            return new BootstrapSecrets();
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<BootstrapSecrets>(stream, cancellationToken: ct) ?? new BootstrapSecrets();
    }

    /// <summary>Writes the file readable by its owner only.</summary>
    public async Task SaveAsync(string path, CancellationToken ct)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var stream = new FileStream(path, options);
        await JsonSerializer.SerializeAsync(stream, this, cancellationToken: ct);
    }
}

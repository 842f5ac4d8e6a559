namespace GatoLink.Gateway.Providers;

/// <summary>
/// Where the Data Protection key ring that encrypts node credentials lives (<c>GatoLink:Providers</c>). Every silo of a
/// cluster must read the same ring (a shared directory), or a key one silo stored cannot be read by another.
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "GatoLink:Providers";

    /// <summary>
    /// The directory of the key ring (XML files of ASP.NET Core Data Protection; keep it out of backups of the
    /// database, so that a stolen dump holds no readable key). Null: ASP.NET Core's default location for the user
    /// (<c>~/.aspnet/DataProtection-Keys</c>).
    /// </summary>
    public string? KeyRingPath { get; set; }
}

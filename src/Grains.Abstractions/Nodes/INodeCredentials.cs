namespace GatoLink.Grains.Abstractions.Nodes;

/// <summary>
/// The data plane's access to a node's API key in clear, for the request it forwards: decrypted once per silo from the
/// record's <see cref="GpuNodeRecord.ProtectedCredential"/> and held in memory until the record changes (no database
/// round trip, no Data Protection call on the hot path after the first). Never log or return what it answers.
/// </summary>
public interface INodeCredentials
{
    /// <summary>The node's API key in clear, or null when it has none (or its ciphertext cannot be read: logged once).</summary>
    string? For(GpuNodeRecord node);

    /// <summary>Encrypts an API key for <see cref="GpuNodeRecord.ProtectedCredential"/> (the admin API, before storing it).</summary>
    string Protect(string credential);
}

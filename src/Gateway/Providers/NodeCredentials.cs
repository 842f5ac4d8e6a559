using System.Collections.Concurrent;
using System.Security.Cryptography;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.PerSilo.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace GatoLink.Gateway.Providers;

/// <summary>
/// Node API keys through ASP.NET Core Data Protection (purpose <see cref="Purpose"/>): encrypted before they are stored,
/// decrypted once per silo and per ciphertext, then served from memory. The key in clear leaves memory as soon as the
/// node's registry entry does or its key changes (<see cref="NodeDirectory.Changed"/>, raised on every silo by the
/// registry notifications); a new key is decrypted on its first use.
/// </summary>
public sealed class NodeCredentials : INodeCredentials
{
    /// <summary>The Data Protection purpose: a ciphertext made for another purpose cannot be read as a credential.</summary>
    public const string Purpose = "GatoLink.NodeCredential.v1";

    private readonly ConcurrentDictionary<string, Clear> _byNode = new(StringComparer.Ordinal);
    private readonly IDataProtector _protector;
    private readonly ILogger<NodeCredentials> _logger;

    /// <summary>Creates the service.</summary>
    public NodeCredentials(IDataProtectionProvider protection, ILogger<NodeCredentials> logger, NodeDirectory nodes)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(nodes);
        _protector = protection.CreateProtector(Purpose);
        _logger = logger;
        nodes.Changed += Forget;
    }

    /// <inheritdoc />
    public string? For(GpuNodeRecord node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.ProtectedCredential is not { } cipher)
        {
            return null;
        }

        if (_byNode.TryGetValue(node.Id, out var held) && string.Equals(held.Cipher, cipher, StringComparison.Ordinal))
        {
            return held.Text;
        }

        string? text;
        try
        {
            text = _protector.Unprotect(cipher);
        }
        catch (CryptographicException ex)
        {
            // The key ring lost the key (or is not shared between silos): the node is sent no key and its provider
            // refuses, which fails over like any refusal. Logged once per ciphertext, never with the ciphertext.
            ProviderLog.CredentialUnreadable(_logger, node.Id, ex.GetType().Name);
            text = null;
        }

        _byNode[node.Id] = new Clear(cipher, text);
        return text;
    }

    /// <inheritdoc />
    public string Protect(string credential) => _protector.Protect(credential);

    /// <summary>Drops the key held for <paramref name="nodeId"/> unless <paramref name="record"/> still carries the same ciphertext.</summary>
    private void Forget(string nodeId, GpuNodeRecord? record)
    {
        if (!_byNode.TryGetValue(nodeId, out var held) || (record is not null && string.Equals(record.ProtectedCredential, held.Cipher, StringComparison.Ordinal)))
        {
            return;
        }

        // Only the entry seen: a key decrypted meanwhile for the new ciphertext stays.
        if (_byNode.TryRemove(new KeyValuePair<string, Clear>(nodeId, held)))
        {
            ProviderLog.CredentialDropped(_logger, nodeId, record is null ? "deleted" : "given another key");
        }
    }

    private sealed record Clear(string Cipher, string? Text);
}

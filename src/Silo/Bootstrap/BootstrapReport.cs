using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Grains.Abstractions.Storage;

namespace GatoLink.Silo.Bootstrap;

/// <summary>What bootstrap set up, for the start-up banner.</summary>
/// <param name="AdminSecret">The admin secret, or null when it came from the environment.</param>
/// <param name="DemoSecret">The demo user's secret, or null without a demo tenant.</param>
/// <param name="EmbeddedNodes">Nodes started in-process.</param>
/// <param name="Storage">Storage kind.</param>
/// <param name="SecretsPath">Where the secrets are kept.</param>
public sealed record BootstrapReport(string? AdminSecret, string? DemoSecret, IReadOnlyList<GpuNodeRecord> EmbeddedNodes, StorageKind Storage, string SecretsPath);

using GatoLink.Gateway.Admin;
using GatoLink.Grains.Abstractions.Nodes;
using GatoLink.Silo.Hosting;
using GatoLink.Silo.Storage;
using Microsoft.Extensions.Options;

namespace GatoLink.Silo.Bootstrap;

/// <summary>
/// A node of <c>GatoLink:Nodes</c> as the registry record it becomes: its engine and native APIs parsed, and its API key
/// (from <c>ApiKey</c>, the file <c>ApiKeyFile</c> or the environment variable <c>ApiKeyEnvironmentVariable</c>)
/// encrypted as a key given to the admin API is. A bad setting stops the start with a message that names the setting,
/// never the key.
/// </summary>
internal static class ConfiguredNode
{
    /// <summary>The record of <paramref name="node"/> with id <paramref name="id"/> at <paramref name="url"/>.</summary>
    public static GpuNodeRecord ToRecord(NodeConfig node, string id, Uri url, EngineKind engine, DateTimeOffset now, INodeCredentials credentials, Func<string, string?> environment)
    {
        var apis = new List<NodeApi>();
        foreach (var text in node.NativeApis)
        {
            apis.Add(EnumText.TryParse(text, out NodeApi api) ? api : throw Invalid(id, "NativeApis", $"has an unknown value '{text}' (known: responses)."));
        }

        if (NodeApiRules.NativeApis(engine, apis) is { } apisError)
        {
            throw Invalid(id, "NativeApis", apisError.Message);
        }

        var key = Key(node, id, environment);
        if (key is not null && NodeCredentialRules.ApiKey(key, emptyRemoves: false) is { } keyError)
        {
            throw Invalid(id, "ApiKey", keyError.Message);
        }

        return new GpuNodeRecord(id, url, engine, node.Models, node.VramGb, new Dictionary<string, string>(), false, now,
            node.GpuHourPriceUsd is { } price ? (long)Math.Round(price * 1_000_000m, MidpointRounding.AwayFromZero) : null,
            node.External, key is null ? null : credentials.Protect(key), Prices: null, apis.Count > 0 ? [.. apis.Distinct()] : null);
    }

    /// <summary>The key in clear from the one source given, or null when none is.</summary>
    private static string? Key(NodeConfig node, string id, Func<string, string?> environment)
    {
        var given = new[] { node.ApiKey, node.ApiKeyFile, node.ApiKeyEnvironmentVariable }.Count(s => !string.IsNullOrEmpty(s));
        if (given > 1)
        {
            throw Invalid(id, "ApiKey", "give the key one way: ApiKey, ApiKeyFile or ApiKeyEnvironmentVariable.");
        }

        if (!string.IsNullOrEmpty(node.ApiKeyFile))
        {
            if (!File.Exists(node.ApiKeyFile))
            {
                throw Invalid(id, "ApiKeyFile", $"names a file that does not exist: '{node.ApiKeyFile}'.");
            }

            return File.ReadAllText(node.ApiKeyFile).Trim() is { Length: > 0 } fromFile ? fromFile : throw Invalid(id, "ApiKeyFile", $"names an empty file: '{node.ApiKeyFile}'.");
        }

        if (!string.IsNullOrEmpty(node.ApiKeyEnvironmentVariable))
        {
            return environment(node.ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment.Trim()
                : throw Invalid(id, "ApiKeyEnvironmentVariable", $"names an environment variable that is not set: '{node.ApiKeyEnvironmentVariable}'.");
        }

        return string.IsNullOrEmpty(node.ApiKey) ? null : node.ApiKey;
    }

    private static OptionsValidationException Invalid(string id, string setting, string message) =>
        new($"Nodes[{id}].{setting}", typeof(SiloOptions), [$"GatoLink:Nodes[{id}].{setting} {message}"]);
}

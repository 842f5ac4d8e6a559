using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using GatoLink.Cli.Api.Dtos;
using GatoLink.Cli.Hosting;
using GatoLink.Cli.Output;

namespace GatoLink.Cli.Commands;

/// <summary>
/// The response-cache policy of a tenant or key as options (<c>--cache-mode</c>, <c>--cache-ttl</c>,
/// <c>--cache-similarity</c>, <c>--cache-random</c>) and, for tenants, <c>--kv-isolation</c>. The admin API takes the
/// policy as one object, so what is not given is kept from the current policy: changing the time to live alone keeps
/// the mode and similarity.
/// </summary>
public sealed class CacheOptions
{
    private static readonly string[] Modes = ["off", "exact", "semantic"];

    /// <summary>Creates the options; <paramref name="withKvIsolation"/> adds <c>--kv-isolation</c> (a tenant setting).</summary>
    public CacheOptions(bool withKvIsolation)
    {
        Mode.AcceptOnlyFromAmong(Modes);
        Ttl.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, Ttl) is <= 0)
            {
                r.AddError("--cache-ttl must be greater than zero.");
            }
        });
        Similarity.Validators.Add(r =>
        {
            if (Validation.ValueOrDefault(r, Similarity) is { } s && (double.IsNaN(s) || s <= 0 || s > 1))
            {
                r.AddError("--cache-similarity must be above 0 and at most 1.");
            }
        });
        KvIsolation = withKvIsolation
            ? new Option<bool?>("--kv-isolation") { Description = "true: the tenant's requests carry a cache_salt of their own, so nodes share no prefix cache with other tenants.", HelpName = "true|false" }
            : null;
    }

    /// <summary><c>--cache-mode</c>.</summary>
    public Option<string?> Mode { get; } = new("--cache-mode") { Description = "Response cache: off, exact (same request) or semantic (also a similar single-turn question).", HelpName = "off|exact|semantic" };

    /// <summary><c>--cache-ttl</c>.</summary>
    public Option<int?> Ttl { get; } = new("--cache-ttl") { Description = "How long a cached answer stays, in seconds (default 3600).", HelpName = "seconds" };

    /// <summary><c>--cache-similarity</c>.</summary>
    public Option<double?> Similarity { get; } = new("--cache-similarity") { Description = "Cosine similarity a semantic hit needs, above 0 and at most 1 (default 0.9).", HelpName = "0..1" };

    /// <summary><c>--cache-random</c>.</summary>
    public Option<bool?> Random { get; } = new("--cache-random") { Description = "true: also cache sampled outputs (temperature above 0 without a seed).", HelpName = "true|false" };

    /// <summary><c>--kv-isolation</c>, on tenants only.</summary>
    public Option<bool?>? KvIsolation { get; }

    /// <summary>The <c>--unset</c> entry that removes the policy (a key then follows its tenant; a tenant has no cache).</summary>
    public (string Name, string Field, Option Option) Unset => ("cache", "cache", Mode);

    private IEnumerable<Option> PolicyOptions => [Mode, Ttl, Similarity, Random];

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in PolicyOptions)
        {
            command.Options.Add(option);
        }

        if (KvIsolation is not null)
        {
            command.Options.Add(KvIsolation);
        }
    }

    /// <summary>Whether any policy option was given.</summary>
    public bool Given(CommandCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return PolicyOptions.Any(call.Has);
    }

    /// <summary>
    /// Writes <c>cache</c> (the options given over <paramref name="current"/>) and <c>kv_isolation</c> into
    /// <paramref name="body"/> when they were given.
    /// </summary>
    public void Write(CommandCall call, JsonObject body, CachePolicyDto? current)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(body);
        if (KvIsolation is not null && call.Has(KvIsolation))
        {
            body["kv_isolation"] = call.Value(KvIsolation);
        }

        if (!Given(call))
        {
            return;
        }

        var mode = call.Value(Mode) ?? current?.Mode
            ?? throw new UsageException("give --cache-mode: there is no cache policy yet to change.");
        body["cache"] = new JsonObject
        {
            ["mode"] = mode,
            ["ttl_seconds"] = call.Value(Ttl) ?? current?.TtlSeconds,
            ["similarity"] = call.Value(Similarity) ?? current?.Similarity,
            ["random"] = call.Value(Random) ?? current?.Random,
        };
    }

    /// <summary>A policy as one line: <c>semantic, 3600 s, similarity 0.9, random outputs too</c>.</summary>
    public static string Describe(CachePolicyDto? policy, string none) => policy is null ? none
        : policy.Mode == "off" ? "off"
        : string.Create(CultureInfo.InvariantCulture, $"{policy.Mode}, {Format.Count(policy.TtlSeconds)} s")
            + (policy.Mode == "semantic" ? string.Create(CultureInfo.InvariantCulture, $", similarity {policy.Similarity:0.###}") : "")
            + (policy.Random ? ", random outputs too" : "");
}
